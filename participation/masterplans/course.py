"""The rules of a masterplan's course, wherever it is set (the settings page, a process
template): which phases a process may run through and how their dates follow each other.

Preparation and the council's adoption belong to every masterplan: it is set up before
anyone takes part, and the council's decision ends it. In between, a process runs through at
least one phase in which people take part and may skip the others.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from participation.i18n import format_day, gettext
from participation.masterplans.models import PHASE_ORDER, Phase

REQUIRED_PHASES = frozenset({Phase.PREPARATION, Phase.ADOPTED})
# The phases in which participants can do something; a process needs one of them.
TAKING_PART = frozenset({Phase.COLLECTION, Phase.EVALUATION, Phase.CONSULTATION})


@dataclass(frozen=True)
class Period:
    """What planners say about the dates of one phase; no start: not announced."""

    starts_on: date | None = None
    ends_on: date | None = None
    auto_switch: bool = False  # switch to the phase by itself on its start date

    @property
    def given(self) -> bool:
        return self.starts_on is not None or self.ends_on is not None or self.auto_switch


def chosen_phases(
    raw: Collection[str], current: Phase | None, errors: dict[str, str]
) -> list[Phase]:
    """The phases a process runs through, from what was chosen (the required ones always),
    with every rule they break in ``errors``; ``current`` (if any) must stay chosen."""
    picked = set(REQUIRED_PHASES)
    for value in raw:
        try:
            picked.add(Phase(value))
        except ValueError:
            errors["phases"] = gettext("Please choose from the phases listed.")
    if not picked & TAKING_PART:
        errors["phases"] = gettext(
            "Please choose at least one phase in which people take part: collecting "
            "proposals, evaluation or consultation."
        )
    elif Phase.EVALUATION in picked and Phase.COLLECTION not in picked:
        errors["use_evaluation"] = gettext(
            "The evaluation weighs the proposals collected before it: choose the collection "
            "too, or leave the evaluation out."
        )
    if current is not None and current not in picked:
        errors[f"use_{current}"] = gettext(
            "The masterplan is in this phase now. Set another phase first, then leave this one out."
        )
    return [phase for phase in PHASE_ORDER if phase in picked]


def check_periods(
    chosen: list[Phase], periods: Mapping[Phase, Period], errors: dict[str, str]
) -> None:
    """Every date error at once, keyed by its field: dates only for chosen phases, a start
    for every end and every automatic switch, and the phases one after the other."""
    previous: Period | None = None
    for phase in PHASE_ORDER:
        period = periods.get(phase, Period())
        start, end = period.starts_on, period.ends_on
        if phase not in chosen:
            if period.given:
                errors[f"{phase}_starts_on" if start else f"{phase}_ends_on"] = gettext(
                    "This phase is not part of the process: choose it or leave its dates empty."
                )
            continue
        if start is None:
            if end is not None:
                errors[f"{phase}_starts_on"] = gettext("Please give the start date too.")
            elif period.auto_switch:
                errors[f"{phase}_starts_on"] = gettext("An automatic switch needs a start date.")
            continue
        if end is not None and end < start:
            errors[f"{phase}_ends_on"] = gettext("The end lies before the start.")
        if previous is not None and previous.starts_on is not None:
            if start < previous.starts_on:
                errors[f"{phase}_starts_on"] = gettext(
                    "A phase cannot start before the phase before it."
                )
            elif previous.ends_on is not None and start < previous.ends_on:
                errors[f"{phase}_starts_on"] = gettext(
                    "A phase cannot start before the phase before it ends (%(date)s)."
                ) % {"date": format_day(previous.ends_on)}
        previous = period
