"""The council report: /reports/council (overall, or ?masterplan=slug) as a page, a PDF
and Markdown; planners issue it, which keeps its figures for the next report's comparison."""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.permissions import is_admin
from participation.masterplans.models import Masterplan
from participation.planning.permissions import can_plan
from participation.reports.council import (
    CouncilReport,
    council_report,
    issue_report,
    issued_reports,
)
from participation.reports.markdown import report_markdown
from participation.reports.models import CouncilReportSnapshot
from participation.reports.pdf import report_pdf
from participation.security import current_user, require
from participation.templating import flash, render


async def _report(request: Request) -> CouncilReport:
    slug = request.query_params.get("masterplan")
    masterplan = await Masterplan.get_or_none(slug=slug) if slug else None
    if slug and masterplan is None:
        raise HTTPException(status_code=404)
    return await council_report(masterplan)


async def _may_issue(request: Request, report: CouncilReport) -> bool:
    user = current_user(request)
    if len(report.masterplans) == 1 and report.scope != "all":
        return await can_plan(user, report.masterplans[0])
    return is_admin(user)


async def page(request: Request) -> Response:
    report = await _report(request)
    context = {
        "report": report,
        "all_masterplans": await Masterplan.all(),
        "may_issue": await _may_issue(request, report),
        "issued": await issued_reports(report.scope),
    }
    return render(request, "reports/council.html", context)


async def markdown(request: Request) -> Response:
    report = await _report(request)
    return Response(
        report_markdown(report),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="ratsbericht-{report.scope}.md"'},
    )


async def pdf(request: Request) -> Response:
    report = await _report(request)
    # fpdf2 lays the pages out in Python: a second or so for a large report, off the loop.
    content = await asyncio.to_thread(report_pdf, report)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="ratsbericht-{report.scope}.pdf"'},
    )


async def issued(request: Request) -> Response:
    snapshot = await CouncilReportSnapshot.get_or_none(id=request.path_params["snapshot_id"])
    if snapshot is None or not snapshot.document:
        raise HTTPException(status_code=404)
    day = snapshot.issued_at.date().isoformat()
    return Response(
        snapshot.document,
        media_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'inline; filename="ratsbericht-{snapshot.scope}-{day}.md"'
        },
    )


async def issue(request: Request) -> Response:
    report = await _report(request)
    user = require(request, await _may_issue(request, report))
    await issue_report(report=report, by=user, document=report_markdown(report))
    query = f"?masterplan={report.scope}" if report.scope != "all" else ""
    return flash(request, RedirectResponse(f"/reports/council{query}", status_code=303), "saved")


routes = [
    Route("/reports/council", page, name="reports:council"),
    Route("/reports/council.md", markdown, name="reports:council_md"),
    Route("/reports/council.pdf", pdf, name="reports:council_pdf"),
    Route("/reports/council/issue", issue, methods=["POST"], name="reports:issue"),
    Route("/reports/council/{snapshot_id:int}.md", issued, name="reports:issued"),
]
