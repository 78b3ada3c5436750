"""The audit log for moderators: /moderation/audit as a page and /moderation/audit.csv, every
entry told in people's words (moderation/audit.py). No route changes or deletes an entry."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from participation.accounts.permissions import is_admin
from participation.exports.cells import Flavour
from participation.forms import Form, whole_number
from participation.i18n import gettext
from participation.moderation import audit_export, merging, permissions
from participation.moderation import queries as moderation_queries
from participation.moderation.audit import action_label, tell
from participation.moderation.audit_names import names_of
from participation.security import current_user, require
from participation.templating import render


def _audit_filters(request: Request) -> moderation_queries.AuditFilters:
    params = request.query_params
    return moderation_queries.AuditFilters(
        action=(params.get("action") or "").strip()[:50],
        actor=(params.get("actor") or "").strip()[:100],
        moderation_only=not is_admin(current_user(request)),
    )


def _action_choices(actions: list[str]) -> list[tuple[str, str]]:
    """The filter's choices: every recorded action by its readable name."""
    named = sorted(((a, action_label(a)) for a in actions), key=lambda choice: choice[1])
    return [("", gettext("All actions")), *named]


async def audit(request: Request) -> Response:
    require(request, permissions.can_moderate(current_user(request)))
    filters = _audit_filters(request)
    before = whole_number(request.query_params.get("before"))
    entries, next_before = await moderation_queries.audit_page(filters, before)
    names = await names_of(entries)
    query = {k: v for k, v in (("action", filters.action), ("actor", filters.actor)) if v}
    context = {
        "entries": [(entry, tell(entry, names)) for entry in entries],
        "filters": filters,
        "actions": _action_choices(
            await moderation_queries.audit_actions(moderation_only=filters.moderation_only)
        ),
        "form": Form(values=query),
        "is_first_page": before is None,
        "first_query": urlencode(query),
        "next_query": urlencode({**query, "before": next_before}) if next_before else "",
        "csv_query": urlencode(query),
        "undoable_merges": await merging.undoable_merge_ids(entries),
    }
    return render(request, "moderation/audit.html", context)


async def audit_csv(request: Request) -> Response:
    """The filtered log as CSV: for a German Excel, or ``?flavour=intl`` for the rest."""
    require(request, permissions.can_moderate(current_user(request)))
    raw = request.query_params.get("flavour", "")
    flavour = Flavour.INTERNATIONAL if raw == Flavour.INTERNATIONAL else Flavour.GERMAN
    return StreamingResponse(
        audit_export.csv_lines(_audit_filters(request), flavour),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{audit_export.filename(flavour)}"'},
    )


routes = [
    Route("/moderation/audit", audit, name="moderation:audit"),
    Route("/moderation/audit.csv", audit_csv, name="moderation:audit_csv"),
]
