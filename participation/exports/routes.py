"""The planners' exports: the export panel (/planning/{slug}/exports), the panel form's
target, and the files themselves at /planning/{slug}/export.{csv,xlsx,json,md} with the
choices as query parameters: ``flavour=de|intl`` (``delimiter=semicolon`` is the German
flavour's older name), ``field=slug``, ``status=...`` (repeatable) and ``sort=...``.
A wrong choice comes back as the panel with the error next to it (400)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from participation.exports.guide import described_columns
from participation.exports.options import (
    Download,
    ExportOptions,
    ExportSort,
    Format,
    OptionError,
    read_download,
    read_options,
)
from participation.exports.services import export_with_options, resolve_scope
from participation.masterplans.models import Masterplan
from participation.masterplans.routes import load_masterplan
from participation.planning.permissions import can_plan
from participation.proposals.models import LISTED_STATUSES
from participation.security import current_user, require
from participation.templating import render


async def _planned(request: Request) -> Masterplan:
    masterplan = await load_masterplan(request.path_params["slug"])
    require(request, await can_plan(current_user(request), masterplan))
    return masterplan


def _options(format: Format, params: QueryParams) -> ExportOptions:
    return read_options(
        format,
        flavour=params.get("flavour", ""),
        delimiter=params.get("delimiter", ""),
        field=params.get("field", ""),
        statuses=params.getlist("status"),
        sort=params.get("sort", ""),
    )


def _download_of(format: str, params: QueryParams) -> str:
    """The panel's choice for a file address: the German CSV has its own."""
    german = params.get("flavour") == "de" or params.get("delimiter") == "semicolon"
    return Download.CSV_GERMAN.value if format == "csv" and german else format


def _chosen(params: QueryParams, errors: dict[str, str], download: str) -> dict[str, Any]:
    """What the panel shows as chosen: the request's choices where they make sense."""
    statuses = set(params.getlist("status")) or {status.value for status in LISTED_STATUSES}
    sort = params.get("sort", "")
    return {
        "format": download if download in set(Download) else Download.XLSX.value,
        "field": params.get("field", ""),
        "statuses": statuses,
        "sort": sort if sort in set(ExportSort) else ExportSort.WILSON.value,
        "errors": errors,
    }


async def panel(
    request: Request, errors: dict[str, str] | None = None, download: str = ""
) -> Response:
    masterplan = await _planned(request)
    context = {
        "masterplan": masterplan,
        "fields": await masterplan.fields_of_action.all(),
        "downloads": list(Download),
        "statuses": LISTED_STATUSES,
        "sorts": list(ExportSort),
        "columns": described_columns(),
        "chosen": _chosen(
            request.query_params, errors or {}, download or request.query_params.get("format", "")
        ),
    }
    return render(request, "planning/exports.html", context, status_code=400 if errors else 200)


async def exports(request: Request) -> Response:
    return await panel(request)


async def chosen_download(request: Request) -> Response:
    """The panel's form: on to the file's own address, or back with what is wrong."""
    masterplan = await _planned(request)
    params = request.query_params
    try:
        download = read_download(params.get("format", ""))
        options = _options(download.file_format, params)
        options = ExportOptions(
            download.file_format, download.flavour, options.field, options.statuses, options.sort
        )
        await resolve_scope(masterplan, options)
    except OptionError as error:
        return await panel(request, {error.parameter: error.message})
    url = request.url_for(
        "planning:export", slug=masterplan.slug, format=download.file_format.value
    )
    query = urlencode(options.query())
    return RedirectResponse(f"{url.path}?{query}" if query else url.path, status_code=303)


async def export(request: Request) -> Response:
    masterplan = await _planned(request)
    try:
        chosen = Format(request.path_params["format"])
    except ValueError:
        raise HTTPException(status_code=404) from None
    try:
        result = await export_with_options(
            masterplan=masterplan,
            options=_options(chosen, request.query_params),
            base_url=request.app.state.settings.base_url,
        )
    except OptionError as error:
        download = _download_of(chosen.value, request.query_params)
        return await panel(request, {error.parameter: error.message}, download)
    return StreamingResponse(
        result.body,
        media_type=result.media_type,
        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
    )


routes = [
    Route("/planning/{slug}/exports", exports, name="planning:exports"),
    Route("/planning/{slug}/export", chosen_download, name="planning:export_chosen"),
    Route("/planning/{slug}/export.{format}", export, name="planning:export"),
]
