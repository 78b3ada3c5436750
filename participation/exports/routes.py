"""The planners' exports: /planning/{slug}/export.{csv,xlsx,json,md}, optionally for one
field of action (``?field=slug``), CSV with ``?delimiter=semicolon`` for a German Excel."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from participation.exports.services import Format, export_ranked_input
from participation.masterplans.models import FieldOfAction
from participation.masterplans.routes import load_masterplan
from participation.planning.permissions import can_plan
from participation.security import current_user, require


async def export(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    require(request, await can_plan(current_user(request), masterplan))
    try:
        chosen = Format(request.path_params["format"])
    except ValueError:
        raise HTTPException(status_code=404) from None
    field = None
    if request.query_params.get("field"):
        field = await FieldOfAction.get_or_none(
            masterplan_id=masterplan.id, slug=request.query_params["field"]
        )
        if field is None:
            raise HTTPException(status_code=404)
    semicolon = request.query_params.get("delimiter") == "semicolon"
    result = await export_ranked_input(
        masterplan=masterplan,
        format=chosen,
        base_url=request.app.state.settings.base_url,
        field_of_action=field,
        delimiter=";" if semicolon else ",",
    )
    return StreamingResponse(
        result.body,
        media_type=result.media_type,
        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
    )


routes = [Route("/planning/{slug}/export.{format}", export, name="planning:export")]
