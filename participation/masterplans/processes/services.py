"""Exporting a masterplan's structure as a process template, and making a new masterplan
from one: the same path for the admin page, the command line and the Dortmund demo.

The export holds texts, the fields of action that take proposals (archived ones are left
out: a new process starts without what an old one retired), the phases used with their
dates and settings; never a contribution, a planner or anyone else. The import checks the
whole file against the platform's rules first and then writes the masterplan, its phase
dates and its fields in one transaction, or nothing.
"""

from __future__ import annotations

import json
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup, User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans import course
from participation.masterplans.fields.choices import fields_changed
from participation.masterplans.fields.services import MAX_DESCRIPTION, MIN_FIELD_TITLE
from participation.masterplans.models import (
    PHASE_ORDER,
    FieldOfAction,
    Masterplan,
    Phase,
    PhasePeriod,
)
from participation.masterplans.navigation import masterplans_changed
from participation.masterplans.processes.document import (
    FORMAT,
    VERSION,
    ProcessTemplate,
)
from participation.masterplans.processes.reading import MAX_PROBLEMS
from participation.masterplans.services import (
    Texts,
    place_on_home_page,
    slug_problem,
    text_errors,
    text_length_error,
    title_error,
)
from participation.masterplans.slugs import slug_error
from participation.moderation.audit import record

# The bounds of the settings page (participation/planning/masterplan_settings.py).
MAX_WEIGHT = 100.0
MAX_REPORT_THRESHOLD = 100


async def export_process(masterplan: Masterplan) -> dict[str, Any]:
    """The masterplan's structure as a template (three queries)."""
    fields = await FieldOfAction.filter(
        masterplan_id=masterplan.id, archived_at__isnull=True
    ).order_by("position", "id")
    periods = {p.phase: p for p in await PhasePeriod.filter(masterplan_id=masterplan.id)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "masterplan": {
            "slug": masterplan.slug,
            "title": masterplan.title,
            "summary": masterplan.summary,
            "lead_department": masterplan.lead_department,
        },
        "phases": [_period(phase, periods.get(phase)) for phase in masterplan.used_phases],
        "settings": {
            "premoderated_groups": list(masterplan.premoderated_groups),
            "report_threshold": masterplan.report_threshold,
            "ranking_weights": masterplan.ranking_weights,
        },
        "fields_of_action": [
            {"slug": f.slug, "title": f.title, "description": f.description} for f in fields
        ],
    }


def _period(phase: Phase, period: PhasePeriod | None) -> dict[str, Any]:
    return {
        "phase": phase.value,
        "starts_on": period.starts_on.isoformat() if period else None,
        "ends_on": period.ends_on.isoformat() if period and period.ends_on else None,
        "auto_switch": period.auto_switch if period else False,
    }


def dumps(document: dict[str, Any]) -> str:
    """The file as people read and diff it: indented, umlauts as they are."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


async def import_process(
    *,
    template: ProcessTemplate,
    by: User | None,
    slug: str = "",
    title: str = "",
) -> Masterplan:
    """A new masterplan from ``template``, under ``slug`` and ``title`` where given (else the
    file's). Refused with the problems of the address ("slug"), the title ("title") and the
    rest of the file ("file", one problem a line, each with where it is)."""
    slug, title = slug.strip() or template.slug, " ".join((title or template.title).split())
    errors = await _address_errors(slug, title)
    if problems := _problems(template):
        errors["file"] = "\n".join(problems[:MAX_PROBLEMS])
    if errors:
        raise ValidationFailed(errors)
    try:
        async with in_transaction() as connection:
            masterplan = await _create(template, slug, title, connection)
            await record(
                actor=by,
                action="masterplan.import",
                target_type="masterplan",
                target_id=masterplan.id,
                details={"name": title, "slug": slug, "fields": len(template.fields)},
                connection=connection,
            )
    except IntegrityError:  # the same address taken at the same moment
        raise ValidationFailed({"slug": _taken(slug)}) from None
    await masterplans_changed()
    await fields_changed(masterplan.id)  # made by bulk_create, which sends no signals
    return masterplan


def _taken(slug: str) -> str:
    return gettext(
        "A masterplan with the address “%(slug)s” exists already. Choose a new address for "
        "this one."
    ) % {"slug": slug}


async def _address_errors(slug: str, title: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if message := await slug_problem(slug):
        errors["slug"] = _taken(slug) if slug_error(slug) is None else message
    if message := title_error(title):
        errors["title"] = message
    return errors


def _problems(template: ProcessTemplate) -> list[str]:
    """Everything in the file the platform's rules refuse, each with where it is."""
    texts = Texts(template.title, template.summary, template.lead_department).tidy()
    found = [
        f"masterplan.{key}: {message}"
        for key, message in text_errors(texts).items()
        if key != "title"  # the title can be given anew; it is checked with the form's
    ]
    found += _phase_problems(template)
    found += _settings_problems(template)
    found += _field_problems(template)
    return found


def _phase_problems(template: ProcessTemplate) -> list[str]:
    """What the file's phases break: first its own shape (known phases, each once and in
    order), then the same rules as the settings page (masterplans/course.py)."""
    found: list[str] = []
    known = {phase.value for phase in PHASE_ORDER}
    order = [p.phase for p in template.phases if p.phase in known]
    for index, period in enumerate(template.phases):
        if period.phase not in known:
            found.append(f"phases[{index}].phase: " + _one_of(sorted(known, key=_phase_index)))
    if not template.phases:
        found.append("phases: " + gettext("a masterplan uses at least one phase."))
    if order != sorted(set(order), key=_phase_index):
        found.append("phases: " + gettext("each phase once, in the order of the process."))
    if template.phase is not None and template.phase not in order:
        found.append("masterplan.phase: " + gettext("the phase it opens in must be one it uses."))
    if found:
        return found
    errors: dict[str, str] = {}
    chosen = course.chosen_phases(order, None, errors)
    periods = {
        Phase(p.phase): course.Period(p.starts_on, p.ends_on, p.auto_switch)
        for p in template.phases
    }
    course.check_periods(chosen, periods, errors)
    places: dict[str, int] = {p.value: order.index(p.value) for p in chosen if p.value in order}
    return [f"{_place_of(key, places)}: {message}" for key, message in errors.items()]


def _place_of(key: str, places: dict[str, int]) -> str:
    """Where in the file a settings-page error key points ("collection_ends_on" → phases[1])."""
    phase = next((value for value in places if key.startswith(value) or key.endswith(value)), None)
    return f"phases[{places[phase]}]" if phase is not None else "phases"


def _phase_index(value: str) -> int:
    return [phase.value for phase in PHASE_ORDER].index(value)


def _one_of(values: list[str]) -> str:
    return gettext("one of %(values)s.") % {"values": ", ".join(values)}


def _settings_problems(template: ProcessTemplate) -> list[str]:
    found: list[str] = []
    groups = [group.value for group in StakeholderGroup]
    chosen = template.premoderated_groups
    if any(g not in groups for g in chosen) or len(set(chosen)) != len(chosen):
        found.append(
            "settings.premoderated_groups: "
            + gettext("each one of %(values)s, once.") % {"values": ", ".join(groups)}
        )
    if not 1 <= template.report_threshold <= MAX_REPORT_THRESHOLD:
        found.append(
            "settings.report_threshold: "
            + gettext("a whole number from 1 to %(max)s.") % {"max": MAX_REPORT_THRESHOLD}
        )
    weights = template.ranking_weights
    if weights is not None:
        if any(g not in groups for g in weights):
            found.append("settings.ranking_weights: " + _one_of(groups))
        if not all(0 <= w <= MAX_WEIGHT for w in weights.values()):
            found.append(
                "settings.ranking_weights: "
                + gettext("a weight lies between 0 and %(max)s.") % {"max": int(MAX_WEIGHT)}
            )
        elif not any(w > 0 for w in weights.values()):
            found.append("settings.ranking_weights: " + gettext("at least one weight above 0."))
    return found


def _field_problems(template: ProcessTemplate) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for index, spec in enumerate(template.fields):
        place = f"fields_of_action[{index}]"
        checks = {
            "slug": slug_error(spec.slug, reserved=frozenset()),
            "title": title_error(spec.title.strip(), minimum=MIN_FIELD_TITLE),
            "description": text_length_error(spec.description, MAX_DESCRIPTION),
        }
        found += [f"{place}.{key}: {message}" for key, message in checks.items() if message]
        if spec.slug in seen:
            found.append(f"{place}.slug: " + gettext("two fields of action have this address."))
        seen.add(spec.slug)
    return found


async def _create(
    template: ProcessTemplate, slug: str, title: str, connection: BaseDBAsyncClient
) -> Masterplan:
    texts = Texts(title, template.summary, template.lead_department).tidy()
    used = [p.phase for p in template.phases]
    masterplan = await Masterplan.create(
        slug=slug,
        title=texts.title,
        summary=texts.summary,
        lead_department=texts.lead_department,
        phase=Phase(template.phase or used[0]),
        phases=None if len(used) == len(PHASE_ORDER) else used,
        premoderated_groups=list(template.premoderated_groups),
        report_threshold=template.report_threshold,
        ranking_weights=template.ranking_weights,
        position=10**6,
        using_db=connection,
    )
    await place_on_home_page(masterplan, None, connection)
    periods = [
        PhasePeriod(
            masterplan_id=masterplan.id,
            phase=Phase(p.phase),
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            auto_switch=p.auto_switch,
        )
        for p in template.phases
        if p.starts_on is not None
    ]
    if periods:
        await PhasePeriod.bulk_create(periods, using_db=connection)
    if template.fields:
        await FieldOfAction.bulk_create(
            [
                FieldOfAction(
                    masterplan_id=masterplan.id,
                    slug=spec.slug,
                    title=" ".join(spec.title.split()),
                    description=spec.description.replace("\r\n", "\n").strip(),
                    position=position,
                )
                for position, spec in enumerate(template.fields)
            ],
            using_db=connection,
        )
    return masterplan
