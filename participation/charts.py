"""Charts as plain SVG drawn on the server: the geometry is computed here, the template
only draws it. Every chart comes with its data as a table next to it, so the numbers are
never only in a picture (WCAG 1.1.1), and nothing is loaded from anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 190.0  # room for the longest group name at the chart's font size
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


@dataclass(frozen=True)
class BarChart:
    rows: list[BarRow]
    width: float
    height: float
    label_width: float = LABEL_WIDTH
    bar_height: float = BAR_HEIGHT


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, float]], str]],
    *,
    scale_to: float | None = None,
) -> BarChart:
    """One horizontal bar per row, its parts stacked left to right, all bars on one scale
    (the largest total, or ``scale_to``) so that lengths compare across rows."""
    largest = scale_to or max((sum(v for _, v in parts) for _, parts, _ in rows), default=0)
    unit = BAR_AREA / largest if largest else 0.0
    drawn = []
    for index, (label, parts, caption) in enumerate(rows):
        x, segments = LABEL_WIDTH, []
        for kind, value in parts:
            width = value * unit
            if width > 0:
                segments.append(Segment(kind, value, x, width))
            x += width
        total = sum(value for _, value in parts)
        drawn.append(BarRow(label, total, index * ROW_HEIGHT, segments, caption))
    return BarChart(drawn, LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, max(len(rows), 1) * ROW_HEIGHT)
