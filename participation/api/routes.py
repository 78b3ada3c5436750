"""The open data API (read only): masterplans, their ranked proposals, single proposals and
implementation projects, as JSON, for anyone and from any origin.

Every list seeks by key: ``next`` in a page is the URL of the following one. A wrong
parameter is a 400 with a message, an unknown item a 404, both as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from participation.accounts.models import StakeholderGroup
from participation.api import openapi, serializers
from participation.api.datapackage import datapackage
from participation.api.errors import error_response
from participation.exports.services import Format, export_ranked_input
from participation.forms import whole_number
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.models import Milestone, Project, ProjectStatus
from participation.planning.uptake import verdict_of
from participation.proposals import queries
from participation.proposals.models import (
    LISTED_STATUSES,
    PUBLIC_STATUSES,
    Proposal,
    ProposalStatus,
)
from participation.proposals.queries import Sort
from participation.votes.models import VoteTally

# The public list's orders; the planners' scores sort only in their workspace.
API_SORTS = queries.PUBLIC_SORTS
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
E = TypeVar("E", ProposalStatus, StakeholderGroup, Sort, ProjectStatus)


class BadParameter(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def _json(data: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status_code, media_type="application/json")


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.base_url).rstrip("/")


def _following(request: Request, cursor: str) -> str:
    """The address of the next page: this one's, from the site's own address (never the
    Host header a client sent), with every parameter kept and the cursor set."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    query = urlencode([*kept, ("cursor", cursor)])
    return f"{_base_url(request)}{request.url.path}?{query}"


def _enum(kind: type[E], name: str, raw: str | None, allowed: Iterable[E]) -> E | None:
    """The member named ``raw``; a parameter left out is no filter, an empty or unknown
    value is a 400 (the document lists the values, and ``?status=`` is none of them)."""
    if raw is None:
        return None
    for member in allowed:
        if member.value == raw:
            return member
    raise BadParameter(name, "one of " + ", ".join(m.value for m in allowed))


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    limit = whole_number(raw)
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        raise BadParameter("limit", f"a whole number from 1 to {MAX_LIMIT}")
    return limit


async def _tallies(ids: list[int]) -> dict[int, dict[StakeholderGroup, tuple[int, int]]]:
    found: dict[int, dict[StakeholderGroup, tuple[int, int]]] = {i: {} for i in ids}
    for tally in await VoteTally.filter(proposal_id__in=ids):
        found[tally.proposal_id][tally.stakeholder_group] = (tally.supports, tally.opposes)  # type: ignore[attr-defined]
    return found


async def masterplans(request: Request) -> Response:
    plans = await Masterplan.all()
    fields = await FieldOfAction.all()
    base = _base_url(request)
    return _json(
        {
            "masterplans": [
                serializers.masterplan(
                    plan,
                    [f for f in fields if f.masterplan_id == plan.id],  # type: ignore[attr-defined]
                    base,
                )
                for plan in plans
            ]
        }
    )


async def masterplan_detail(request: Request) -> Response:
    plan = await Masterplan.get_or_none(slug=request.path_params["slug"])
    if plan is None:
        return error_response(404, "no such masterplan")
    fields = await FieldOfAction.filter(masterplan_id=plan.id)
    periods = await plan.phase_periods.all()
    return _json(
        {
            **serializers.masterplan(plan, fields, _base_url(request)),
            "phase_periods": [serializers.phase_period(p) for p in periods],
        }
    )


async def proposals(request: Request) -> Response:
    plan = await Masterplan.get_or_none(slug=request.path_params["slug"])
    if plan is None:
        return error_response(404, "no such masterplan")
    params = request.query_params
    try:
        sort = _enum(Sort, "sort", params.get("sort"), API_SORTS) or Sort.RANK
        filters = await _filters(plan, params)
        limit = _limit(params.get("limit"))
        # A cursor of another list or order starts the list afresh, as on the web page.
        cursor = queries.Cursor.decode(params.get("cursor"), sort)
    except BadParameter as bad:
        return error_response(400, bad.message, parameter=bad.name)
    page = await queries.proposal_page(
        plan, filters=filters, sort=sort, cursor=cursor, page_size=limit
    )
    tallies = await _tallies([p.id for p in page.proposals])
    base = _base_url(request)
    following = None
    if page.next_cursor is not None:
        following = _following(request, page.next_cursor.encode())
    return _json(
        {
            "proposals": [
                serializers.proposal_summary(p, tallies[p.id], base) for p in page.proposals
            ],
            "next": following,
        }
    )


async def _filters(plan: Masterplan, params: Any) -> queries.Filters:
    field = None
    if params.get("field"):
        field = await FieldOfAction.get_or_none(masterplan_id=plan.id, slug=params["field"])
        if field is None:  # a field of action matches nothing: an empty list, as a filter would
            field = FieldOfAction(id=0, masterplan_id=plan.id, slug=params["field"])
    text = (params.get("q") or "").strip()
    if len(text) > 200:
        raise BadParameter("q", "at most 200 characters")
    return queries.Filters(
        field_of_action=field,
        status=_enum(ProposalStatus, "status", params.get("status"), LISTED_STATUSES),
        group=_enum(StakeholderGroup, "group", params.get("group"), list(StakeholderGroup)),
        query=text,
    )


async def proposal_detail(request: Request) -> Response:
    proposal = await (
        Proposal.filter(id=request.path_params["proposal_id"], status__in=PUBLIC_STATUSES)
        .select_related("masterplan", "field_of_action", "organization", "author")
        .first()
    )
    if proposal is None:
        return error_response(404, "no such proposal")
    tallies = await _tallies([proposal.id])
    signatures = await queries.cosignatures(proposal)
    return _json(
        serializers.proposal_detail(
            proposal,
            tallies[proposal.id],
            [s.organization.name for s in signatures],
            await verdict_of(proposal),
            _base_url(request),
        )
    )


async def projects(request: Request) -> Response:
    params = request.query_params
    try:
        limit = _limit(params.get("limit"))
        status = _enum(ProjectStatus, "status", params.get("status"), list(ProjectStatus))
    except BadParameter as bad:
        return error_response(400, bad.message, parameter=bad.name)
    # A broken cursor starts the list afresh, as the proposals' does.
    query = Project.filter(id__gt=whole_number(params.get("cursor")) or 0)
    if params.get("masterplan"):
        query = query.filter(masterplan__slug=params["masterplan"])
    if status is not None:
        query = query.filter(status=status)
    rows = (
        await query.order_by("id").limit(limit + 1).select_related("masterplan", "field_of_action")
    )
    page = rows[:limit]
    ids = [p.id for p in page]
    milestones: dict[int, list[Milestone]] = {i: [] for i in ids}
    for item in await Milestone.filter(project_id__in=ids).order_by("position", "id"):
        milestones[item.project_id].append(item)  # type: ignore[attr-defined]
    linked: dict[int, list[int]] = {i: [] for i in ids}
    for project_id, proposal_id in await Project.filter(
        id__in=ids, proposals__status__in=LISTED_STATUSES
    ).values_list("id", "proposals__id"):
        linked[project_id].append(proposal_id)
    base = _base_url(request)
    following = None
    if len(rows) > limit:
        following = _following(request, str(page[-1].id))
    return _json(
        {
            "projects": [
                serializers.project(p, milestones[p.id], sorted(linked[p.id]), base) for p in page
            ],
            "next": following,
        }
    )


async def proposals_csv(request: Request) -> Response:
    """The ranked input as the open CSV the data package describes."""
    plan = await Masterplan.get_or_none(slug=request.path_params["slug"])
    if plan is None:
        return error_response(404, "no such masterplan")
    export = await export_ranked_input(
        masterplan=plan, format=Format.CSV, base_url=_base_url(request)
    )
    return StreamingResponse(
        export.body,
        media_type=export.media_type,
        headers={"Content-Disposition": f'inline; filename="{export.filename}"'},
    )


async def datapackage_json(request: Request) -> Response:
    plan = await Masterplan.get_or_none(slug=request.path_params["slug"])
    if plan is None:
        return error_response(404, "no such masterplan")
    return _json(datapackage(plan, _base_url(request)))


async def openapi_json(request: Request) -> Response:
    return _json(openapi.document(_base_url(request)))


routes = [
    Route("/api/v1/masterplans", masterplans, name="api:masterplans"),
    Route("/api/v1/masterplans/{slug}", masterplan_detail, name="api:masterplan"),
    Route("/api/v1/masterplans/{slug}/proposals", proposals, name="api:proposals"),
    Route("/api/v1/masterplans/{slug}/proposals.csv", proposals_csv, name="api:proposals_csv"),
    Route("/api/v1/masterplans/{slug}/datapackage.json", datapackage_json, name="api:datapackage"),
    Route("/api/v1/proposals/{proposal_id:int}", proposal_detail, name="api:proposal"),
    Route("/api/v1/projects", projects, name="api:projects"),
    Route("/api/openapi.json", openapi_json, name="api:openapi"),
]
