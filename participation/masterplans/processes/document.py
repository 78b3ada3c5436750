"""The process template file, version 1: what it holds, and reading one safely.

A template is a JSON object (UTF-8) describing a masterplan's structure, never its
contributions or the people in it::

    {
      "format": "participation-process",
      "version": 1,
      "masterplan": {
        "slug": "digitale-gesundheit",          # its address: /masterplans/digitale-gesundheit
        "title": "Masterplan Digitale Gesundheit",
        "summary": "Markdown text …",
        "lead_department": "Gesundheitsamt",
        "phase": "preparation"                  # optional: the phase it opens in
      },                                        #   (default: the first phase it uses)
      "phases": [                               # the phases it uses, in their order
        {"phase": "preparation", "starts_on": "2027-01-04", "ends_on": "2027-02-26",
         "auto_switch": false},                 # dates may be null; auto_switch optional
        {"phase": "collection", "starts_on": null, "ends_on": null}
      ],
      "settings": {
        "premoderated_groups": ["citizens"],    # stakeholder groups whose input waits
        "report_threshold": 3,                  # reports that hide content (1–100)
        "ranking_weights": {"chambers": 2}      # or null: every group weighs the same
      },
      "fields_of_action": [                     # in their order
        {"slug": "telemedizin", "title": "Telemedizin", "description": "Markdown text …"}
      ]
    }

Phases are ``preparation``, ``collection``, ``evaluation``, ``drafting``, ``consultation``
and ``adopted``; stakeholder groups ``chambers``, ``science``, ``business``,
``education``, ``administration``, ``civil_society`` and ``citizens``. Every key shown
is required unless marked optional; any other key makes the file invalid, so that a typo
never passes silently. A file is checked whole, and every problem is reported with where it
is (``fields_of_action[2].title``), before anything is stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from participation.i18n import gettext

FORMAT = "participation-process"
VERSION = 1
MAX_FILE_BYTES = 1_000_000  # a template with a hundred long fields stays far below this
MAX_FIELDS = 200


class TemplateRefused(Exception):
    """The file is no template this version can read; ``problems`` say why, each in the
    reader's language (at least one)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PeriodSpec:
    phase: str
    starts_on: date | None
    ends_on: date | None
    auto_switch: bool


@dataclass(frozen=True)
class FieldSpec:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class ProcessTemplate:
    """A template as read from its file, its types checked; what it says is checked by the
    import (``services.py``), which knows the rules of the platform."""

    slug: str
    title: str
    summary: str
    lead_department: str
    phase: str | None
    phases: list[PeriodSpec]
    premoderated_groups: list[str]
    report_threshold: int
    ranking_weights: dict[str, float] | None
    fields: list[FieldSpec] = field(default_factory=list)


def parse(raw: bytes) -> Any:
    """The JSON value in ``raw``, or TemplateRefused in plain words."""
    if len(raw) > MAX_FILE_BYTES:
        raise TemplateRefused([gettext("The file is larger than 1 MB; a template is smaller.")])
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise TemplateRefused(
            [gettext("The file is not a process template: it does not contain JSON.")]
        ) from None
