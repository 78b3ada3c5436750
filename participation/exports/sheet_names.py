"""Excel sheet names made of complete words: at most 31 characters, none of []:*?/\\, unique
whatever the case (Excel refuses two names that differ only in case)."""

from __future__ import annotations

import re
from itertools import count

LIMIT = 31
FORBIDDEN = set("[]:*?/\\")
REPLACEMENTS = {":": " -", "/": "-"}  # "Ressourcen: Liegenschaften" reads on as "Ressourcen -"
RESERVED = {"history"}  # Excel keeps this name for itself
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
# Words a cut name must not end on: it would read as if something were missing.
DANGLING = {
    *("und", "oder", "sowie", "für", "mit", "von", "vom", "der", "die", "das", "des", "den"),
    *("dem", "im", "in", "zur", "zum", "auf", "an", "am", "bei", "durch", "über", "ein", "eine"),
    *("and", "or", "for", "with", "of", "the", "to", "a", "an", "in", "on", "by", "at"),
}


def _dangling(word: str) -> bool:
    """A word a name must not end on: a conjunction, an article, a preposition, or the
    first part of a compound ("Gründungs-") that the cut word would have completed."""
    return word.lower() in DANGLING or word.endswith(("-", ",", ";", "–", "&"))


def _words_within(text: str, limit: int) -> str:
    """The longest run of whole words from the start that fits and ends on a full word;
    failing that, from the end ("… und Serviceeinrichtungen")."""
    words = text.split()
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    while kept and _dangling(kept[-1]):
        kept.pop()
    if kept:
        return " ".join(kept)
    tail: list[str] = []
    for word in reversed(words):
        if len(" ".join([word, *tail])) > limit:
            break
        tail.insert(0, word)
    while tail and tail[0].lower() in DANGLING:
        tail.pop(0)
    return " ".join(tail) if tail else text[:limit]  # one word longer than the limit


def fit(text: str, limit: int = LIMIT) -> str:
    """The text within ``limit`` characters: whole if it fits, else without a trailing
    part in parentheses, else cut after the last whole word that fits."""
    if len(text) <= limit:
        return text
    shorter = TRAILING_PARENTHESIS.sub("", text)
    if shorter and len(shorter) <= limit:
        return shorter
    return _words_within(shorter or text, limit)


def sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name for ``text`` not yet in ``taken`` (lower-cased names; the chosen one is
    added): a second "Schulen" becomes "Schulen (2)"."""
    spelled = "".join(REPLACEMENTS.get(c, " " if c in FORBIDDEN else c) for c in text)
    cleaned = " ".join(spelled.split()).strip("'")
    cleaned = cleaned or "–"  # a title of nothing but forbidden characters
    for number in count(1):
        suffix = "" if number == 1 else f" ({number})"
        name = fit(cleaned, LIMIT - len(suffix)).strip("'") + suffix
        if name.lower() not in taken and name.lower() not in RESERVED:
            taken.add(name.lower())
            return name
    raise AssertionError("unreachable")  # pragma: no cover
