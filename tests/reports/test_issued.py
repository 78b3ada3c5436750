"""Issued reports stay readable as they were, as a page, a PDF and Markdown, without what
moderation hid since; two issued on one day are told apart by their time."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import Role
from participation.moderation.services import hide_proposal
from participation.proposals.services import withdraw_proposal
from participation.reports.models import CouncilReportSnapshot
from tests.auth import make_person, post_form, shown, sign_in
from tests.factories import make_user
from tests.reports.scene import issue, make_scene
from tests.reports.test_pdf import pdf_text

pytestmark = pytest.mark.usefixtures("db")


async def test_a_planner_issues_the_report_and_reads_it_as_issued(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    planner = await make_person(role=Role.PLANNER)
    await scene.masterplan.planners.add(planner)
    await sign_in(client, planner)
    url = f"/reports/council/issue?masterplan={scene.masterplan.slug}"
    answer = await post_form(client, url, {}, token_from="/reports/council")
    snapshot = await CouncilReportSnapshot.get(scope=scene.masterplan.slug)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/reports/council/{snapshot.id}"
    page = (await client.get(answer.headers["location"])).text
    assert "Herausgegeben am" in page and "Gigabit" in page
    assert f"/reports/council/{snapshot.id}.pdf" in page
    markdown = await client.get(f"/reports/council/{snapshot.id}.md")
    assert markdown.text.startswith(f"# Ratsbericht: {scene.masterplan.title}")
    assert "Herausgegeben am" in markdown.text
    pdf = await client.get(f"/reports/council/{snapshot.id}.pdf")
    assert pdf.status_code == 200 and "Herausgegeben am" in pdf_text(pdf.content)
    refused = await post_form(client, "/reports/council/issue", {}, token_from="/reports/council")
    assert refused.status_code == 403  # the overall report is the admins'


async def test_content_hidden_after_issuing_is_removed_from_the_issued_copies(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    snapshot = await issue(scene.masterplan, scene.planner)
    moderator = await make_user(role=Role.MODERATOR)
    await hide_proposal(proposal=scene.gigabit, moderator=moderator, reason="Werbung")
    author = await scene.wlan.author
    assert author is not None
    await withdraw_proposal(proposal=scene.wlan, author=author)
    markdown = (await client.get(f"/reports/council/{snapshot.id}.md")).text
    assert "Gigabit" not in markdown and "WLAN" not in markdown
    assert "[von der Moderation entfernt]" in markdown
    assert "[von der Verfasserin oder dem Verfasser zurückgezogen]" in markdown
    assert "| Kammern | 5 | 1 | 3 | 1 | 0 |" in markdown  # the figures stay as issued
    text = pdf_text((await client.get(f"/reports/council/{snapshot.id}.pdf")).content)
    assert "Gigabit" not in text and "[von der Moderation entfernt]" in text
    page = (await client.get(f"/reports/council/{snapshot.id}")).text
    assert "Gigabit" not in page and shown("[removed by moderation]") in page
    client.cookies.set("lang", "en", domain="testserver.local")
    english = await client.get(f"/reports/council/{snapshot.id}.md")
    assert "[removed by moderation]" in english.text


async def test_two_reports_issued_on_one_day_are_told_apart_by_their_time(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    first = await issue(scene.masterplan, scene.planner)
    second = await issue(scene.masterplan, scene.planner)
    # In the morning and the afternoon of 3 June, Dortmund time.
    await CouncilReportSnapshot.filter(id=first.id).update(
        issued_at=datetime(2026, 6, 3, 7, 15, tzinfo=UTC)
    )
    await CouncilReportSnapshot.filter(id=second.id).update(
        issued_at=datetime(2026, 6, 3, 14, 40, tzinfo=UTC)
    )
    page = (await client.get(f"/reports/council?masterplan={scene.masterplan.slug}")).text
    assert "Ratsbericht vom 3. Juni 2026, 09:15 Uhr" in page
    assert "Ratsbericht vom 3. Juni 2026, 16:40 Uhr" in page
    assert page.index("16:40 Uhr") < page.index("09:15 Uhr")  # newest first
    names = {
        (await client.get(f"/reports/council/{s.id}.{kind}")).headers["content-disposition"]
        for s in (first, second)
        for kind in ("pdf", "md")
    }
    slug = scene.masterplan.slug
    assert names == {
        f'inline; filename="ratsbericht-{slug}-2026-06-03-0915.pdf"',
        f'inline; filename="ratsbericht-{slug}-2026-06-03-0915.md"',
        f'inline; filename="ratsbericht-{slug}-2026-06-03-1640.pdf"',
        f'inline; filename="ratsbericht-{slug}-2026-06-03-1640.md"',
    }


async def test_a_report_issued_before_its_contents_were_kept_still_downloads(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    old = await CouncilReportSnapshot.create(
        scope=scene.masterplan.slug,
        figures={"proposals": 1, "votes": 4, "comments": 0},
        document="# Ratsbericht: wie damals\n",
    )
    markdown = await client.get(f"/reports/council/{old.id}.md")
    assert markdown.status_code == 200 and markdown.text == "# Ratsbericht: wie damals\n"
    assert (await client.get(f"/reports/council/{old.id}.pdf")).status_code == 404
    page = (await client.get(f"/reports/council/{old.id}")).headers.get("location")
    assert page == f"/reports/council/{old.id}.md"
    listing = (await client.get(f"/reports/council?masterplan={scene.masterplan.slug}")).text
    assert f"/reports/council/{old.id}.md" in listing
    assert f"/reports/council/{old.id}.pdf" not in listing
    assert (await client.get("/reports/council/999999.pdf")).status_code == 404


async def test_an_old_markdown_report_loses_the_titles_hidden_since(
    client: httpx.AsyncClient,
) -> None:
    """A report kept only as Markdown has no structure to redact: the titles of the
    scope's proposals that are no longer public are replaced in its text."""
    scene = await make_scene()
    gigabit, wlan = scene.gigabit.title, scene.wlan.title
    old = await CouncilReportSnapshot.create(
        scope=scene.masterplan.slug,
        figures={"proposals": 2, "votes": 9, "comments": 0},
        document=f"# Ratsbericht\n\n| Vorschlag | Stimmen |\n|---|---:|\n| {gigabit} | 5 |\n"
        f"| {wlan} | 4 |\n",
    )
    moderator = await make_user(role=Role.MODERATOR)
    await hide_proposal(proposal=scene.gigabit, moderator=moderator, reason="Werbung")
    markdown = (await client.get(f"/reports/council/{old.id}.md")).text
    assert gigabit not in markdown
    assert "| [von der Moderation entfernt] | 5 |" in markdown  # place and figures stay
    assert f"| {wlan} | 4 |" in markdown  # still public
    author = await scene.wlan.author
    assert author is not None
    await withdraw_proposal(proposal=scene.wlan, author=author)
    markdown = (await client.get(f"/reports/council/{old.id}.md")).text
    assert "| [von der Verfasserin oder dem Verfasser zurückgezogen] | 4 |" in markdown
