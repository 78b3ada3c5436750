"""Duplicates at /moderation/duplicates: likely pairs, merging one into the other, undoing."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.permissions import is_moderator
from participation.forms import read_form
from participation.masterplans.models import Masterplan
from participation.moderation import merging
from participation.moderation.models import Merge
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, render


async def duplicates(request: Request) -> Response:
    require(request, is_moderator(current_user(request)))
    masterplans = await Masterplan.all()
    selected = next(
        (m for m in masterplans if m.slug == request.query_params.get("masterplan")),
        masterplans[0] if masterplans else None,
    )
    pairs = await merging.likely_duplicates(selected) if selected else []
    return render(
        request,
        "moderation/duplicates.html",
        {"masterplans": masterplans, "selected": selected, "pairs": pairs},
    )


async def merge(request: Request) -> Response:
    moderator = require(request, is_moderator(current_user(request)))
    form = await read_form(request)
    into_id = _number(form.get("into"))
    # The pair form names both and which one stays; the other is the duplicate.
    pair = [_number(part) for part in form.get("pair").split(",")]
    duplicate_id = _number(form.get("duplicate")) or next(
        (i for i in pair if i and i != into_id), 0
    )
    duplicate = await Proposal.get_or_none(id=duplicate_id)
    target = await Proposal.get_or_none(id=into_id)
    if duplicate is None or target is None:
        raise HTTPException(status_code=404)
    try:
        await merging.merge_proposals(
            duplicate=duplicate, into=target, moderator=moderator, reason=form.get("reason")
        )
    except merging.MergeError as error:
        return render(
            request,
            "errors/refused.html",
            {"reason": str(error), "proposal": duplicate},
            status_code=400,
        )
    return flash(
        request, RedirectResponse(f"/proposals/{target.id}#lineage", status_code=303), "saved"
    )


def _number(raw: str) -> int:
    return int(raw) if raw.strip().isdigit() and len(raw.strip()) <= 9 else 0


async def undo(request: Request) -> Response:
    moderator = require(request, is_moderator(current_user(request)))
    record = await Merge.get_or_none(id=request.path_params["merge_id"])
    if record is None:
        raise HTTPException(status_code=404)
    try:
        await merging.undo_merge(merge=record, moderator=moderator)
    except merging.MergeError as error:
        return render(request, "errors/refused.html", {"reason": str(error)}, status_code=400)
    duplicate_id = record.duplicate_id  # type: ignore[attr-defined]
    return flash(
        request, RedirectResponse(f"/proposals/{duplicate_id}#lineage", status_code=303), "saved"
    )


routes = [
    Route("/moderation/duplicates", duplicates, name="moderation:duplicates"),
    Route("/moderation/merge", merge, methods=["POST"], name="moderation:merge"),
    Route(
        "/moderation/merges/{merge_id:int}/undo",
        undo,
        methods=["POST"],
        name="moderation:undo_merge",
    ),
]
