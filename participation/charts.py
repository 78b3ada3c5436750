"""Charts drawn on the server: the geometry is computed here, the template only draws it
(each bar as plain SVG, its label and figures as text that wraps, so that no label is cut
off or shrunk at any width). Every chart comes with its data as a table next to it, so the
numbers are never only in a picture (WCAG 1.1.1), and nothing is loaded from anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 190.0  # room for the longest group name at the chart's font size
MAX_LABEL_WIDTH = 400.0  # room for a long field of action's title; longer ones are shortened
CHAR_WIDTH = 6.3  # an average letter at the chart's font size (13 px Fira Sans)
BAR_AREA = 300.0
VALUE_WIDTH = 70.0
ROW_HEIGHT = 28.0
BAR_HEIGHT = 18.0


@dataclass(frozen=True)
class Segment:
    kind: str  # a CSS class suffix: "support", "oppose", "value"
    value: float
    x: float
    width: float


@dataclass(frozen=True)
class BarRow:
    label: str
    total: float
    y: float
    segments: list[Segment]
    caption: str  # the numbers written after the bar, e.g. "12 : 3"
    text: str = ""  # the whole label, for a page where it wraps (``label`` may be shortened)


@dataclass(frozen=True)
class BarChart:
    rows: list[BarRow]
    width: float
    height: float
    label_width: float = LABEL_WIDTH
    bar_height: float = BAR_HEIGHT
    bar_area: float = BAR_AREA  # a bar's full length; segment.x - label_width is its offset


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, float]], str]],
    *,
    scale_to: float | None = None,
) -> BarChart:
    """One horizontal bar per row, its parts stacked left to right, all bars on one scale
    (the largest total, or ``scale_to``) so that lengths compare across rows. The labels'
    room grows with the longest label."""
    largest = scale_to or max((sum(v for _, v in parts) for _, parts, _ in rows), default=0)
    unit = BAR_AREA / largest if largest else 0.0
    longest = max((len(label) for label, _, _ in rows), default=0)
    label_width = min(max(LABEL_WIDTH, longest * CHAR_WIDTH), MAX_LABEL_WIDTH)
    drawn = []
    for index, (label, parts, caption) in enumerate(rows):
        x, segments = label_width, []
        for kind, value in parts:
            width = value * unit
            if width > 0:
                segments.append(Segment(kind, value, x, width))
            x += width
        total = sum(value for _, value in parts)
        drawn.append(BarRow(_fit(label), total, index * ROW_HEIGHT, segments, caption, label))
    width = label_width + BAR_AREA + VALUE_WIDTH
    return BarChart(drawn, width, max(len(rows), 1) * ROW_HEIGHT, label_width)


def _fit(label: str) -> str:
    """The label, shortened with an ellipsis where it would not fit the widest label room."""
    room = int(MAX_LABEL_WIDTH / CHAR_WIDTH) - 2
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"
