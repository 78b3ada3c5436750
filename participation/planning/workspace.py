"""The planners' workspace: the ranked input of a masterplan with the planners' scores and
the group breakdown, where each proposal sits in the working version of the draft, linking
and unlinking, one status and response for many proposals at once. The masterplan's settings
live in :mod:`participation.planning.settings_routes`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from tortoise.expressions import Q, Subquery

from participation.accounts.models import StakeholderGroup, User
from participation.accounts.permissions import is_planner
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.routes import load_masterplan
from participation.moderation import responses
from participation.moderation.routes import checked_ids
from participation.planning import drafts, links
from participation.planning.models import (
    Disposition,
    DraftSection,
    DraftVersion,
    InputLink,
    VersionStatus,
)
from participation.planning.permissions import can_plan, planned_masterplans
from participation.proposals import queries, search
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus
from participation.proposals.queries import Cursor, Filters, ProposalPage, Sort
from participation.security import current_user, require
from participation.templating import flash, is_htmx, render
from participation.votes.queries import breakdowns

ROW = "planning/_input_row.html"
E = TypeVar("E", bound=StrEnum)


class Linked(StrEnum):
    LINKED = "linked"  # linked to a section of the working version
    UNLINKED = "unlinked"  # not linked to any section of it


# The working version and its sections: what rows link into


@dataclass(frozen=True)
class Draft:
    version: DraftVersion | None  # None until someone opens the draft editor
    sections: list[DraftSection]

    async def links_of(self, proposals: list[Proposal]) -> dict[int, list[InputLink]]:
        """Where each proposal is linked in this version, by proposal id (one query)."""
        found: dict[int, list[InputLink]] = {p.id: [] for p in proposals}
        by_id = {section.id: section for section in self.sections}
        if not found or not by_id:
            return found
        rows = await InputLink.filter(section_id__in=list(by_id), proposal_id__in=list(found))
        for row in rows:
            row.section = by_id[row.section_id]  # type: ignore[attr-defined]
        for row in sorted(rows, key=lambda r: (r.section.position, r.section.id, r.id)):
            found[row.proposal_id].append(row)  # type: ignore[attr-defined]
        return found


async def working_draft(masterplan: Masterplan) -> Draft:
    """Read only: the working version is made on the first link, not by looking."""
    version = await DraftVersion.get_or_none(
        masterplan_id=masterplan.id, status=VersionStatus.WORKING
    )
    sections = await DraftSection.filter(version_id=version.id) if version else []
    return Draft(version, list(sections))


async def ranked_input(
    masterplan: Masterplan,
    *,
    filters: Filters,
    linked: Linked | None,
    draft: Draft,
    sort: Sort,
    cursor: Cursor | None,
) -> ProposalPage:
    """One page of the masterplan's listed proposals in the chosen order; the public list's
    filters plus "linked or not" to the working version."""
    query = Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
    if filters.field_of_action is not None:
        query = query.filter(field_of_action_id=filters.field_of_action.id)
    if filters.status is not None:
        query = query.filter(status=filters.status)
    if filters.group is not None:
        query = query.filter(stakeholder_group=filters.group)
    if linked is not None:
        sections = [section.id for section in draft.sections] or [0]
        taken = Q(id__in=Subquery(InputLink.filter(section_id__in=sections).values("proposal_id")))
        query = query.filter(taken if linked == Linked.LINKED else ~taken)
    query = search.only_matching(query, filters.query)  # as the public list matches
    rows = await (
        queries.in_order(query, sort, cursor)
        .limit(queries.PAGE_SIZE + 1)
        .select_related("field_of_action", "organization", "author")
    )
    shown = rows[: queries.PAGE_SIZE]
    more = len(rows) > queries.PAGE_SIZE
    return ProposalPage(shown, Cursor.after(shown[-1], sort) if more else None)


# Reading the address


def _enum(enum: type[E], raw: str | None) -> E | None:
    try:
        return enum(raw) if raw else None
    except ValueError:
        return None


def _filters(params: QueryParams, fields: list[FieldOfAction]) -> Filters:
    status = _enum(ProposalStatus, params.get("status"))
    return Filters(
        field_of_action=next((f for f in fields if f.slug == params.get("field")), None),
        status=status if status in LISTED_STATUSES else None,
        group=_enum(StakeholderGroup, params.get("group")),
        query=(params.get("q") or "").strip()[:200],
    )


def _query(params: QueryParams, *leave_out: str) -> str:
    return urlencode([(k, v) for k, v in params.multi_items() if k not in leave_out and v])


def _number(raw: str | None, default: int, highest: int) -> int:
    number = whole_number(raw)
    return min(number, highest) if number else default


# Pages


async def index(request: Request) -> Response:
    user = require(request, is_planner(current_user(request)))
    return render(request, "planning/index.html", {"masterplans": await planned_masterplans(user)})


async def _planned(request: Request) -> tuple[Masterplan, User]:
    """The masterplan of the address (404 first), and its planner (403 / sign-in)."""
    masterplan = await load_masterplan(request.path_params["slug"])
    return masterplan, require(request, await can_plan(current_user(request), masterplan))


async def workspace(request: Request) -> Response:
    masterplan, _ = await _planned(request)
    return await _workspace_page(request, masterplan)


async def _workspace_page(
    request: Request,
    masterplan: Masterplan,
    *,
    bulk: Form | None = None,
    selected: list[int] | None = None,
    row_form: Form | None = None,
    status_code: int = 200,
) -> Response:
    params = request.query_params
    fields = await masterplan.fields_of_action.all()
    filters, linked = _filters(params, fields), _enum(Linked, params.get("linked"))
    sort = _enum(Sort, params.get("sort")) or Sort.RANK
    cursor = Cursor.decode(params.get("after"), sort)
    draft = await working_draft(masterplan)
    page = await ranked_input(
        masterplan, filters=filters, linked=linked, draft=draft, sort=sort, cursor=cursor
    )
    context = {
        **_row_context(masterplan, draft, params),
        "fields": fields,
        "statuses": LISTED_STATUSES,
        "settable": responses.SETTABLE,
        "groups": list(StakeholderGroup),
        "filters": filters,
        "linked": linked,
        "sort": sort,
        "page": page,
        "start": _number(params.get("start"), 1, 10**6),
        "breakdowns": await breakdowns(page.proposals),
        "links": await draft.links_of(page.proposals),
        "list_query": _query(params, "after", "start", "changed"),
        "changed": _number(params.get("changed"), 0, 10**5) if params.get("changed") else None,
        "bulk": bulk or Form(),
        "selected": selected or [],
        "row_form": row_form,
    }
    return render(request, "planning/workspace.html", context, status_code=status_code)


def _row_context(masterplan: Masterplan, draft: Draft, params: QueryParams) -> dict[str, Any]:
    """What every row needs besides its proposal, on the page and as an htmx fragment."""
    return {
        "masterplan": masterplan,
        "draft": draft,
        "dispositions": list(Disposition),
        # The forms post to addresses that carry the page's filters, so every answer
        # leads back to the list as the planner left it.
        "page_query": _query(params, "changed"),
    }


def _back(request: Request, masterplan: Masterplan, anchor: str = "", **extra: int) -> str:
    query = _query(request.query_params, "changed")
    if extra:
        query = "&".join(filter(None, [query, urlencode(extra)]))
    return f"/planning/{masterplan.slug}" + (f"?{query}" if query else "") + anchor


# Linking input to the working version


async def link(request: Request) -> Response:
    masterplan, user = await _planned(request)
    form = await read_form(request)
    proposal = await _proposal(masterplan, form.get("proposal"))
    try:
        draft = await drafts.working_version(masterplan=masterplan, by=user)
        section = await DraftSection.get_or_none(id=_id(form.get("section")), version_id=draft.id)
        if section is None:
            raise ValidationFailed({"section": gettext("Please choose a section.")})
        await links.link_proposal(
            section=section,
            proposal=proposal,
            disposition=form.get("disposition"),
            note=form.get("note"),
            by=user,
        )
    except ValidationFailed as failed:
        return await _row_answer(request, masterplan, proposal, Form(form.values, failed.errors))
    return await _row_answer(request, masterplan, proposal)


async def unlink(request: Request) -> Response:
    masterplan, user = await _planned(request)
    found = await InputLink.get_or_none(
        id=request.path_params["link_id"], section__version__masterplan_id=masterplan.id
    )
    if found is None:
        raise HTTPException(status_code=404)
    proposal = await _proposal(masterplan, str(found.proposal_id))  # type: ignore[attr-defined]
    try:
        await links.unlink(link=found, by=user)
    except ValidationFailed as failed:
        values = {"proposal": str(proposal.id)}
        return await _row_answer(request, masterplan, proposal, Form(values, failed.errors))
    return await _row_answer(request, masterplan, proposal)


def _id(raw: str) -> int:
    number = whole_number(raw, digits=10) or 0
    return number if number < 2**31 else 0


async def _proposal(masterplan: Masterplan, raw_id: str) -> Proposal:
    proposal = await (
        Proposal.filter(id=_id(raw_id), masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
        .select_related("field_of_action", "organization", "author")
        .first()
    )
    if proposal is None:
        raise HTTPException(status_code=404)
    return proposal


async def _row_answer(
    request: Request, masterplan: Masterplan, proposal: Proposal, form: Form | None = None
) -> Response:
    """htmx: the proposal's row, always 200 (htmx 2 swaps nothing else). A plain form: back
    to the list as it was, or the whole page with the row's error."""
    if not is_htmx(request):
        if form is None:
            back = RedirectResponse(_back(request, masterplan, f"#input-row-{proposal.id}"), 303)
            return flash(request, back, "saved")
        return await _workspace_page(request, masterplan, row_form=form, status_code=400)
    draft = await working_draft(masterplan)
    context = {
        **_row_context(masterplan, draft, request.query_params),
        "proposal": proposal,
        "breakdown": (await breakdowns([proposal]))[proposal.id],
        "proposal_links": (await draft.links_of([proposal]))[proposal.id],
        "selected": [],
        "row_form": form,
        "announce": form is None,
    }
    return render(request, ROW, context)


# Answering many proposals at once


async def bulk_status(request: Request) -> Response:
    masterplan, user = await _planned(request)
    form = await read_form(request)
    async with request.form() as raw:
        ids = checked_ids(raw, "proposal")
    # Only what the workspace lists: a hidden or pending proposal's id (typed into the
    # form) is no way to learn its title from the error message.
    chosen = await Proposal.filter(
        id__in=ids, masterplan_id=masterplan.id, status__in=LISTED_STATUSES
    ).order_by("id")
    try:
        changed = await responses.change_status_of_many(
            proposals=chosen,
            by=user,
            status=form.get("status"),
            response=form.get("response"),
            reason=form.get("reason"),
            base_url=request.app.state.settings.base_url,
        )
    except ValidationFailed as failed:
        values = {f"bulk-{name}": value for name, value in form.values.items()}
        errors = {f"bulk-{name}": text for name, text in failed.errors.items()}
        bulk = Form(values, errors)
        return await _workspace_page(request, masterplan, bulk=bulk, selected=ids, status_code=400)
    return RedirectResponse(_back(request, masterplan, "#bulk", changed=len(changed)), 303)


routes: list[Route] = [
    Route("/planning", index, name="planning:index"),
    Route("/planning/{slug}", workspace, name="planning:workspace"),
    Route("/planning/{slug}/links", link, methods=["POST"], name="planning:link"),
    Route(
        "/planning/{slug}/links/{link_id:int}/delete",
        unlink,
        methods=["POST"],
        name="planning:unlink",
    ),
    Route("/planning/{slug}/status", bulk_status, methods=["POST"], name="planning:bulk_status"),
]
