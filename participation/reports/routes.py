"""The council report: /reports/council (overall, or ?masterplan=slug) as a page, a PDF and
Markdown; planners issue it, and every issued report stays readable at
/reports/council/{id} (page, .pdf, .md), drawn again from what it kept."""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.permissions import is_admin
from participation.i18n import CITY_TIMEZONE
from participation.masterplans.models import Masterplan
from participation.masterplans.queries import active_masterplans
from participation.planning.permissions import can_plan
from participation.planning.uptake import ORDER
from participation.reports import graphics, wording
from participation.reports.council import (
    council_report,
    issue_report,
    issued_report,
    issued_reports,
)
from participation.reports.document import ALL, CouncilReport, moment
from participation.reports.markdown import report_markdown
from participation.reports.method import method
from participation.reports.models import CouncilReportSnapshot
from participation.reports.pdf import report_pdf
from participation.reports.redaction import redact_markdown
from participation.security import current_user, require
from participation.templating import flash, render


async def _masterplan(request: Request) -> Masterplan | None:
    slug = request.query_params.get("masterplan")
    masterplan = await Masterplan.get_or_none(slug=slug) if slug else None
    if slug and masterplan is None:
        raise HTTPException(status_code=404)
    return masterplan


async def _may_issue(request: Request, masterplan: Masterplan | None) -> bool:
    user = current_user(request)
    return await can_plan(user, masterplan) if masterplan else is_admin(user)


async def _snapshot(request: Request) -> tuple[CouncilReportSnapshot, CouncilReport | None]:
    snapshot = await CouncilReportSnapshot.get_or_none(id=request.path_params["snapshot_id"])
    if snapshot is None:
        raise HTTPException(status_code=404)
    return snapshot, await issued_report(snapshot)


def _query(scope: str) -> str:
    return f"?masterplan={scope}" if scope != ALL else ""


def _name(report: CouncilReport | CouncilReportSnapshot, suffix: str) -> str:
    """ratsbericht-SCOPE.pdf, or ratsbericht-SCOPE-2026-12-02-1704.pdf for an issued one."""
    issued = report.issued_at
    when = issued.astimezone(CITY_TIMEZONE).strftime("-%Y-%m-%d-%H%M") if issued else ""
    return f'inline; filename="ratsbericht-{report.scope}{when}.{suffix}"'


async def _page(
    request: Request,
    report: CouncilReport,
    *,
    may_issue: bool = False,
    snapshot_id: int | None = None,
) -> Response:
    context = {
        "report": report,
        "snapshot_id": snapshot_id,
        "all_masterplans": await active_masterplans(),
        "may_issue": may_issue,
        "issued": await issued_reports(report.scope),
        "query": _query(report.scope),
        "graphics": graphics,
        "wording": wording,
        "method": method(),
        "moment": moment,
        "uptakes": ORDER,
    }
    return render(request, "reports/council.html", context)


async def page(request: Request) -> Response:
    masterplan = await _masterplan(request)
    report = await council_report(masterplan)
    return await _page(request, report, may_issue=await _may_issue(request, masterplan))


async def markdown(request: Request) -> Response:
    report = await council_report(await _masterplan(request))
    return _markdown(request, report)


def _markdown(request: Request, report: CouncilReport) -> Response:
    return Response(
        report_markdown(report, base_url=request.app.state.settings.base_url),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": _name(report, "md")},
    )


async def pdf(request: Request) -> Response:
    return await _pdf(request, await council_report(await _masterplan(request)))


async def _pdf(request: Request, report: CouncilReport) -> Response:
    # fpdf2 lays the pages out in Python: a second or so for a large report, off the loop.
    base_url = request.app.state.settings.base_url
    content = await asyncio.to_thread(report_pdf, report, base_url=base_url)
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": _name(report, "pdf")}
    )


async def issued_page(request: Request) -> Response:
    snapshot, report = await _snapshot(request)
    if report is None:  # issued before the contents were kept: its Markdown is all there is
        return RedirectResponse(f"/reports/council/{snapshot.id}.md", status_code=303)
    return await _page(request, report, snapshot_id=snapshot.id)


async def issued_markdown(request: Request) -> Response:
    snapshot, report = await _snapshot(request)
    if report is not None:
        return _markdown(request, report)
    if not snapshot.document:
        raise HTTPException(status_code=404)
    return Response(
        await redact_markdown(snapshot.document, snapshot.scope),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": _name(snapshot, "md")},
    )


async def issued_pdf(request: Request) -> Response:
    _, report = await _snapshot(request)
    if report is None:
        raise HTTPException(status_code=404)
    return await _pdf(request, report)


async def issue(request: Request) -> Response:
    masterplan = await _masterplan(request)
    user = require(request, await _may_issue(request, masterplan))
    report = await council_report(masterplan)
    snapshot = await issue_report(report=report, by=user)
    redirect = RedirectResponse(f"/reports/council/{snapshot.id}", status_code=303)
    return flash(request, redirect, "saved")


routes = [
    Route("/reports/council", page, name="reports:council"),
    Route("/reports/council.md", markdown, name="reports:council_md"),
    Route("/reports/council.pdf", pdf, name="reports:council_pdf"),
    Route("/reports/council/issue", issue, methods=["POST"], name="reports:issue"),
    Route("/reports/council/{snapshot_id:int}", issued_page, name="reports:issued_page"),
    Route("/reports/council/{snapshot_id:int}.md", issued_markdown, name="reports:issued"),
    Route("/reports/council/{snapshot_id:int}.pdf", issued_pdf, name="reports:issued_pdf"),
]
