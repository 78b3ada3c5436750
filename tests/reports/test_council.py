from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from participation.i18n import language
from participation.moderation import responses
from participation.planning.outcomes import outcomes_of
from participation.planning.uptake import count_uptakes
from participation.proposals.models import ProposalStatus
from participation.reports.council import council_report
from tests.conftest import QueryCounter
from tests.factories import add_votes, make_comment, make_field, make_masterplan, make_proposal
from tests.reports.scene import issue, make_project, make_scene

pytestmark = pytest.mark.usefixtures("db")


async def test_the_report_counts_listed_input_by_group() -> None:
    scene = await make_scene()
    report = await council_report(scene.masterplan)
    assert (report.proposals, report.votes, report.comments) == (2, 9, 1)
    groups = {g.group: (g.proposals, g.supports, g.opposes, g.comments) for g in report.groups}
    assert groups[StakeholderGroup.CHAMBERS] == (1, 3, 1, 0)
    assert groups[StakeholderGroup.CITIZENS] == (1, 5, 0, 1)
    assert groups[StakeholderGroup.SCIENCE] == (0, 0, 0, 0)
    people = {g.group: g.participants for g in report.groups}
    # The two authors, the nine voters and the commenter, each in the group they acted in.
    assert people[StakeholderGroup.CHAMBERS] == 1 + 4
    assert people[StakeholderGroup.CITIZENS] == 1 + 5 + 1
    [part] = report.masterplans
    [tops] = part.fields
    assert [p.title for p in tops.proposals] == ["WLAN", "Gigabit"]
    assert [(g.group, g.supports, g.opposes) for g in tops.proposals[1].groups] == [
        ("chambers", 3, 1)
    ]
    assert [p.code for p in part.projects] == ["P1"]
    assert report.changes is None  # nothing issued before


async def test_the_timeline_names_every_month_in_the_readers_language_empty_ones_too() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    await make_proposal(field, created_at=datetime(2026, 5, 10, 12, tzinfo=UTC))
    await make_proposal(field, created_at=datetime(2026, 8, 20, 12, tzinfo=UTC))
    report = await council_report(masterplan, now=datetime(2026, 10, 15, 9, tzinfo=UTC))
    months = report.masterplans[0].months
    assert [(m.month, m.proposals) for m in months] == [
        ("2026-05", 1),
        ("2026-06", 0),
        ("2026-07", 0),
        ("2026-08", 1),
        ("2026-09", 0),
        ("2026-10", 0),
    ]
    assert [m.label for m in months][:2] == ["Mai 2026", "Juni 2026"]
    with language("en"):
        assert months[-1].label == "October 2026"


async def test_what_the_draft_took_up_is_the_number_of_the_outcomes_page(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    # Officially adopted, not linked: taken up too, as on the outcomes page.
    extra = await make_proposal(scene.field, title="Bürgerbüro")
    await responses.change_status(
        proposal=extra, by=scene.planner, status="adopted", response="Wird umgesetzt."
    )
    await responses.change_status(
        proposal=scene.wlan, by=scene.planner, status="not_adopted", response="Zu teuer."
    )
    report = await council_report(scene.masterplan)
    counted = await count_uptakes(scene.masterplan.id)
    outcomes = await outcomes_of(scene.masterplan)
    uptake = report.masterplans[0].uptake
    figures = (uptake.adopted, uptake.partially_adopted, uptake.considered)
    assert figures == (counted.overall.adopted, counted.overall.partially_adopted, 0)
    assert (uptake.not_taken_up, uptake.open) == (1, 0)
    assert uptake.taken_up == counted.overall.taken_up == outcomes.overall.taken_up == 2
    assert uptake.total == outcomes.overall.total == 3
    assert report.uptake.taken_up == 2
    assert set(report.baseline["taken_up_ids"]) == {scene.gigabit.id, extra.id}
    outcome = {p.title: p.outcome for p in report.masterplans[0].fields[0].proposals}
    assert outcome == {
        "Gigabit": "Übernommen",
        "Bürgerbüro": "Übernommen",
        "WLAN": "Nicht übernommen",
    }
    page = (await client.get(f"/masterplans/{scene.masterplan.slug}/outcomes")).text
    assert "2 von 3" in page  # the outcomes page says the same


async def test_the_report_takes_the_same_number_of_queries_whatever_the_data_size(
    count_queries: QueryCounter,
) -> None:
    scene = await make_scene()
    await issue(scene.masterplan, scene.planner)  # the comparison runs its queries too
    before = count_queries.count
    await council_report(scene.masterplan)
    small = count_queries.count - before
    for n in range(6):
        proposal = await make_proposal(scene.field, group=StakeholderGroup.SCIENCE)
        await add_votes(proposal, StakeholderGroup.BUSINESS, supports=2, opposes=1)
        await make_comment(proposal)
        await responses.change_status(
            proposal=proposal, by=scene.planner, status="in_review", response="Wird geprüft."
        )
        await make_project(scene.masterplan, scene.field, scene.planner, f"Q{n}", f"Projekt {n}")
    before = count_queries.count
    await council_report(scene.masterplan)
    assert count_queries.count - before == small


async def test_hidden_and_withdrawn_proposals_are_not_counted() -> None:
    scene = await make_scene()
    hidden = await make_proposal(scene.field, status=ProposalStatus.HIDDEN)
    await add_votes(hidden, StakeholderGroup.CITIZENS, supports=4, opposes=0)
    report = await council_report(scene.masterplan)
    assert (report.proposals, report.votes) == (2, 9)


async def test_the_platform_report_leaves_archived_masterplans_out_their_own_keeps_them(
    client: httpx.AsyncClient,
) -> None:
    running = await make_masterplan(title="Masterplan Digitale Bildung")
    archived = await make_masterplan(
        title="Masterplan Digitale Gesundheit", archived_at=datetime.now(UTC)
    )
    for masterplan in (running, archived):
        await make_proposal(await make_field(masterplan), title=f"Vorschlag in {masterplan.slug}")
    whole = await council_report()
    assert [part.title for part in whole.masterplans] == [running.title]
    assert whole.proposals == 1
    own = await council_report(archived)
    assert [part.title for part in own.masterplans] == [archived.title]
    page = (await client.get("/reports/council")).text
    assert running.title in page and archived.title not in page
    scoped = await client.get(f"/reports/council?masterplan={archived.slug}")
    assert scoped.status_code == 200 and archived.title in scoped.text
