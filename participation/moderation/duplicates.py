"""Duplicates: likely pairs at /moderation/duplicates, any two proposals picked by search,
a confirmation page that says what a merge will do, the merge itself, and its undo.

Nothing is merged by a link or by the list: the list and the search lead to the
confirmation page (GET), and only its form (POST, with ``confirm=yes``) merges.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.moderation import merging, permissions
from participation.moderation.duplicates_finder import (
    alike_proposals,
    find_proposals,
    likely_duplicates,
)
from participation.moderation.merge_preview import PREVIEW_RELATIONS, kept_of, preview
from participation.moderation.models import Merge
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, render


async def duplicates(request: Request) -> Response:
    require(request, permissions.can_moderate(current_user(request)))
    masterplans = await Masterplan.all().order_by("position", "id")
    selected = _chosen(masterplans, request.query_params.get("masterplan"))
    pairs = await likely_duplicates(selected) if selected else []
    context = {"masterplans": masterplans, "selected": selected, "pairs": pairs}
    return render(request, "moderation/duplicates.html", context)


async def pick(request: Request) -> Response:
    """Any two proposals: search the first by words or number, then the second (without
    words, the proposals most alike the first are offered)."""
    require(request, permissions.can_moderate(current_user(request)))
    params = request.query_params
    query = params.get("q", "").strip()[:200]
    masterplans = await Masterplan.all().order_by("position", "id")
    first = await _proposal(params["first"]) if "first" in params else None
    selected = first.masterplan if first else _chosen(masterplans, params.get("masterplan"))
    if query:
        exclude = first.id if first else None
        results = await find_proposals(query, masterplan=selected, exclude=exclude)
    else:
        results = await alike_proposals(first) if first else []
    context = {
        "masterplans": masterplans,
        "selected": selected,
        "first": first,
        "query": query,
        "results": results,
    }
    return render(request, "moderation/merge_pick.html", context)


async def confirm(request: Request) -> Response:
    """GET: what the merge will do, with the form that does it. POST: merge."""
    moderator = require(request, permissions.can_moderate(current_user(request)))
    if request.method == "POST":
        return await _merge(request, moderator, await read_form(request))
    params = request.query_params
    duplicate, target = await _pair(
        params.get("duplicate", ""), params.get("into", ""), params.get("pair", "")
    )
    return await _confirmation(request, duplicate, target, Form())


async def _merge(request: Request, moderator: User, form: Form) -> Response:
    duplicate, target = await _pair(form.get("duplicate"), form.get("into"), "")
    if form.get("confirm") != "yes":
        return _refused(
            request,
            gettext("Nothing was merged: please confirm the merge on its confirmation page."),
            duplicate,
        )
    try:
        await merging.merge_proposals(
            duplicate=duplicate,
            into=target,
            moderator=moderator,
            reason=form.get("reason"),
            base_url=request.app.state.settings.base_url,
        )
    except ValidationFailed as failed:
        return await _confirmation(request, duplicate, target, Form(form.values, failed.errors))
    except merging.MergeError as error:
        return _refused(request, str(error), duplicate)
    target_url = f"/proposals/{target.id}#lineage"
    return flash(request, RedirectResponse(target_url, status_code=303), "proposals_merged")


async def undo(request: Request) -> Response:
    """Undo a merge; back to where the moderator came from (``back``: target, audit)."""
    moderator = require(request, permissions.can_moderate(current_user(request)))
    merge = await Merge.get_or_none(id=request.path_params["merge_id"])
    if merge is None:
        raise HTTPException(status_code=404)
    back = (await read_form(request)).get("back")
    try:
        await merging.undo_merge(
            merge=merge, moderator=moderator, base_url=request.app.state.settings.base_url
        )
    except merging.MergeError as error:
        duplicate = await Proposal.get_or_none(id=merge.duplicate_id)  # type: ignore[attr-defined]
        return _refused(request, str(error), duplicate)
    places = {
        "target": f"/proposals/{merge.target_id}#lineage",  # type: ignore[attr-defined]
        "audit": "/moderation/audit",
    }
    url = places.get(back, f"/proposals/{merge.duplicate_id}#lineage")  # type: ignore[attr-defined]
    return flash(request, RedirectResponse(url, status_code=303), "merge_undone")


# Helpers -----------------------------------------------------------------------------------


def _chosen(masterplans: list[Masterplan], slug: str | None) -> Masterplan | None:
    return next((m for m in masterplans if m.slug == slug), masterplans[0] if masterplans else None)


def _number(raw: str) -> int:
    return whole_number(raw.strip()) or 0


async def _proposal(raw: str, related: tuple[str, ...] = PREVIEW_RELATIONS) -> Proposal:
    """The proposal a form or link names; a 404 for anything else."""
    proposal = await Proposal.filter(id=_number(raw)).select_related(*related).first()
    if proposal is None:
        raise HTTPException(status_code=404)
    return proposal


async def _pair(duplicate_raw: str, into_raw: str, pair_raw: str) -> tuple[Proposal, Proposal]:
    """The duplicate and the proposal that stays. From a pair ("12,34") the one named by
    ``into`` stays, or, without it, the one :func:`kept_of` chooses."""
    if not pair_raw:
        return await _proposal(duplicate_raw), await _proposal(into_raw)
    parts = pair_raw.split(",")
    if len(parts) != 2:
        raise HTTPException(status_code=404)
    first, second = await _proposal(parts[0]), await _proposal(parts[1])
    if not into_raw:
        stays = kept_of(first, second)
    elif _number(into_raw) in (first.id, second.id):
        stays = first if _number(into_raw) == first.id else second
    else:
        raise HTTPException(status_code=404)
    return (second if stays is first else first), stays


async def _confirmation(
    request: Request, duplicate: Proposal, target: Proposal, form: Form
) -> Response:
    figures = await preview(duplicate, target)
    preselected = kept_of(duplicate, target)
    swap = urlencode({"duplicate": target.id, "into": duplicate.id})
    context = {"preview": figures, "form": form, "swap_query": swap, "preselected": preselected}
    status = 400 if figures.refusal or form.errors else 200
    return render(request, "moderation/merge_confirm.html", context, status_code=status)


def _refused(request: Request, reason: str, proposal: Proposal | None) -> Response:
    context = {"reason": reason, "proposal": proposal}
    return render(request, "errors/refused.html", context, status_code=400)


routes = [
    Route("/moderation/duplicates", duplicates, name="moderation:duplicates"),
    Route("/moderation/merge/pick", pick, name="moderation:merge_pick"),
    Route("/moderation/merge", confirm, methods=["GET", "POST"], name="moderation:merge"),
    Route(
        "/moderation/merges/{merge_id:int}/undo",
        undo,
        methods=["POST"],
        name="moderation:undo_merge",
    ),
]
