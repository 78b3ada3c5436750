from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.accounts.models import Role, StakeholderGroup
from participation.planning import drafts, links, projects
from participation.planning.models import Disposition
from participation.proposals.models import ProposalStatus
from participation.reports.council import council_report, issue_report
from tests.factories import add_votes, make_comment, make_field, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def _scene() -> object:
    field = await make_field(title="Glasfaser")
    masterplan = await field.masterplan
    may = datetime(2026, 5, 10, 12, tzinfo=UTC)
    june = datetime(2026, 6, 3, 12, tzinfo=UTC)
    first = await make_proposal(
        field, title="Gigabit", group=StakeholderGroup.CHAMBERS, created_at=may
    )
    second = await make_proposal(field, title="WLAN", created_at=june)
    await make_proposal(field, title="Versteckt", status=ProposalStatus.HIDDEN, created_at=june)
    await add_votes(first, StakeholderGroup.CHAMBERS, supports=3, opposes=1)
    await add_votes(second, StakeholderGroup.CITIZENS, supports=5, opposes=0)
    await make_comment(second)
    planner = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Netze", body="", by=planner)
    await links.link_proposal(
        section=section, proposal=first, disposition="adopted", note="", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    project = await projects.create_project(
        masterplan=masterplan, field_of_action_id=field.id, code="P1", title="Ausbau", by=planner
    )
    await projects.update_project(
        project=project,
        field_of_action_id=field.id,
        title="Ausbau",
        description="",
        status="done",
        progress=100,
        by=planner,
    )
    return masterplan


async def test_the_report_counts_listed_input_by_group_and_month() -> None:
    masterplan = await _scene()
    report = await council_report(masterplan)  # type: ignore[arg-type]
    assert (report.proposals, report.votes, report.comments) == (2, 9, 1)
    groups = {g.group: (g.proposals, g.supports, g.opposes) for g in report.by_group}
    assert groups[StakeholderGroup.CHAMBERS] == (1, 3, 1)
    assert groups[StakeholderGroup.CITIZENS] == (1, 5, 0)
    assert groups[StakeholderGroup.SCIENCE] == (0, 0, 0)
    months = {month: proposals for month, proposals, _ in report.by_month}
    assert months["2026-05"] == 1 and months["2026-06"] == 1  # the hidden one is left out
    assert sum(votes for _, _, votes in report.by_month) == 9
    [(_, top)] = report.tops
    assert [p.title for p in top] == ["WLAN", "Gigabit"]
    assert report.drafts[0].taken_up == {Disposition.ADOPTED: 1}
    assert [p.code for p in report.projects] == ["P1"]
    assert report.changes() == []  # nothing issued before


async def test_an_issued_report_is_the_baseline_of_the_next_one() -> None:
    masterplan = await _scene()
    first = await council_report(masterplan)  # type: ignore[arg-type]
    await issue_report(report=first, by=await make_user(role=Role.PLANNER), document="# Bericht")
    field = (await masterplan.fields_of_action.all())[0]  # type: ignore[attr-defined]
    await make_proposal(field, title="Noch einer")
    second = await council_report(masterplan)  # type: ignore[arg-type]
    assert second.previous is not None
    changes = {label: (then, now) for label, then, now in second.changes()}
    assert list(changes.values()) == [(2, 3)]
    overall = await council_report()
    assert overall.previous is None  # issued for one masterplan, not for all of them
