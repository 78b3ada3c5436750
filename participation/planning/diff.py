"""A readable comparison of two draft versions: sections paired by their key, text compared
word by word, so a reader sees what was inserted and what was deleted in place."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from participation.planning.models import DraftSection

_TOKEN = re.compile(r"\s+|[^\s]+")


class Change(StrEnum):
    ADDED = "added"  # only in the newer version
    REMOVED = "removed"  # only in the older version
    CHANGED = "changed"  # in both, title or text differs
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class SectionDiff:
    change: Change
    old: DraftSection | None
    new: DraftSection | None
    title: list[Piece] = field(default_factory=list)
    body: list[Piece] = field(default_factory=list)

    @property
    def heading(self) -> str:
        section = self.new or self.old
        assert section is not None
        return section.title


def words(old: str, new: str) -> list[Piece]:
    """``new`` against ``old`` as runs of equal, inserted and deleted words; whitespace
    stays with its words so the text reads as it was written."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def compare(old: list[DraftSection], new: list[DraftSection]) -> list[SectionDiff]:
    """Every section of both versions in the newer version's order; a removed section
    stands where it stood before."""
    before = {section.key: section for section in old}
    result: list[SectionDiff] = []
    for section in new:
        previous = before.pop(section.key, None)
        if previous is None:
            result.append(
                SectionDiff(Change.ADDED, None, section, body=[Piece("insert", section.body)])
            )
            continue
        same = previous.title == section.title and previous.body == section.body
        result.append(
            SectionDiff(
                Change.UNCHANGED if same else Change.CHANGED,
                previous,
                section,
                title=words(previous.title, section.title),
                body=words(previous.body, section.body),
            )
        )
    for section in sorted(before.values(), key=lambda s: s.position):
        # Right after the last section that stood before it in the older version.
        earlier = [i for i, d in enumerate(result) if d.old and d.old.position < section.position]
        result.insert(
            max(earlier, default=-1) + 1,
            SectionDiff(Change.REMOVED, section, None, body=[Piece("delete", section.body)]),
        )
    return result
