"""Phases that switch by themselves on their start date: once across every app process, in
the audit log, with the followers told; and what is skipped instead."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime

import httpx
import pytest
from tortoise.transactions import in_transaction

from participation.accounts.models import NotificationMode, Role
from participation.mail.models import OutboxMessage
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.moderation.models import AuditEntry
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import follow
from participation.planning import phases
from participation.planning.phase_switch import switch_due
from tests.auth import sign_in_as
from tests.conftest import ON_POSTGRES
from tests.factories import make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")

# 1 February 2027 begins in Dortmund at 23:00 UTC the day before (CET, UTC+1).
EVALUATION_DAY = date(2027, 2, 1)
JUST_BEFORE = datetime(2027, 1, 31, 22, 59, 59, tzinfo=UTC)
MIDNIGHT_IN_DORTMUND = datetime(2027, 1, 31, 23, 0, tzinfo=UTC)
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


async def _collecting(**overrides: object) -> tuple[Masterplan, PhasePeriod]:
    """A masterplan collecting proposals whose evaluation starts on 1 February 2027 by
    itself."""
    values: dict[str, object] = {"phase": Phase.COLLECTION, "title": "Masterplan Digitale Bildung"}
    masterplan = await make_masterplan(**{**values, **overrides})
    period = await PhasePeriod.create(
        masterplan=masterplan, phase=Phase.EVALUATION, starts_on=EVALUATION_DAY, auto_switch=True
    )
    return masterplan, period


async def _phase_of(masterplan: Masterplan) -> Phase:
    return (await Masterplan.get(id=masterplan.id)).phase


async def test_a_due_phase_switches_once_and_the_system_is_named_in_the_audit_log() -> None:
    masterplan, period = await _collecting()
    report = await switch_due(now=NOW)
    assert report.switched == [f"{masterplan.slug}: collection → evaluation"]
    assert await _phase_of(masterplan) == Phase.EVALUATION
    assert (await PhasePeriod.get(id=period.id)).switched_at == NOW
    entry = await AuditEntry.get(action="masterplan.switch_phase")
    assert (entry.actor_id, entry.actor_name) == (None, "system")  # type: ignore[attr-defined]
    assert (entry.target_type, entry.target_id) == ("masterplan", masterplan.id)
    assert entry.details == {
        "name": "Masterplan Digitale Bildung",
        "from": "collection",
        "to": "evaluation",
        "starts_on": "2027-02-01",
    }
    assert (await switch_due(now=NOW)).switched == []
    assert await AuditEntry.filter(action="masterplan.switch_phase").count() == 1


async def test_the_audit_log_tells_the_switch_in_words(client: httpx.AsyncClient) -> None:
    await _collecting()
    await switch_due(now=NOW)
    await sign_in_as(client, Role.ADMIN)
    page = (await client.get("/moderation/audit")).text
    assert (
        "Phase von „Masterplan Digitale Bildung“ automatisch von „Vorschläge sammeln“ auf "
        "„Auswertung“ umgestellt"
    ) in page


@pytest.mark.parametrize(
    ("before", "midnight", "day"),
    [
        pytest.param(JUST_BEFORE, MIDNIGHT_IN_DORTMUND, EVALUATION_DAY, id="winter, UTC+1"),
        pytest.param(
            datetime(2027, 6, 30, 21, 59, tzinfo=UTC),
            datetime(2027, 6, 30, 22, 0, tzinfo=UTC),
            date(2027, 7, 1),
            id="summer, UTC+2",
        ),
    ],
)
async def test_a_phase_is_due_from_midnight_in_dortmund_not_in_utc(
    before: datetime, midnight: datetime, day: date
) -> None:
    masterplan, period = await _collecting()
    await PhasePeriod.filter(id=period.id).update(starts_on=day)
    assert (await switch_due(now=before)).switched == []
    assert await _phase_of(masterplan) == Phase.COLLECTION
    assert len((await switch_due(now=midnight)).switched) == 1
    assert await _phase_of(masterplan) == Phase.EVALUATION


async def test_followers_are_told_once_each_in_their_language() -> None:
    masterplan, _ = await _collecting()
    field = await make_field(masterplan)
    first, second = await make_proposal(field), await make_proposal(field)
    german = await make_user(language="de", notification_mode=NotificationMode.INSTANT)
    english = await make_user(language="en", notification_mode=NotificationMode.IN_APP_ONLY)
    for person, proposal in [(german, first), (german, second), (english, second)]:
        await follow(user=person, proposal=proposal)
    await switch_due(now=NOW, base_url="https://beteiligung.example")
    told = {n.user_id: n for n in await Notification.all()}  # type: ignore[attr-defined]
    assert set(told) == {german.id, english.id}
    assert {n.kind for n in told.values()} == {NotificationKind.PHASE_CHANGED}
    assert told[german.id].text.startswith(
        "„Masterplan Digitale Bildung“ ist jetzt in der Phase „Auswertung“."
    )
    assert told[english.id].text.startswith(
        "“Masterplan Digitale Bildung” is now in the phase “Evaluation”."
    )
    mail = await OutboxMessage.get()
    assert mail.recipient == german.email
    assert mail.subject.startswith("Neue Phase:")
    assert f"https://beteiligung.example/proposals/{first.id}" in mail.body
    await switch_due(now=NOW, base_url="https://beteiligung.example")
    assert await Notification.all().count() == 2


async def test_two_switchers_at_once_switch_once() -> None:
    """Two app processes' switchers side by side: each runs in its own transaction on its own
    connection (on PostgreSQL truly at once; SQLite takes one writer at a time)."""
    masterplans = [(await _collecting())[0] for _ in range(3)]
    follower = await make_user()
    for masterplan in masterplans:
        await follow(user=follower, proposal=await make_proposal(await make_field(masterplan)))
    reports = await asyncio.gather(*(switch_due(now=NOW) for _ in range(2)))
    switched = [line for report in reports for line in report.switched]
    assert sorted(switched) == sorted(f"{m.slug}: collection → evaluation" for m in masterplans)
    assert await AuditEntry.filter(action="masterplan.switch_phase").count() == 3
    assert await Notification.filter(user_id=follower.id).count() == 3


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL")
async def test_a_switcher_passes_a_period_another_switcher_holds() -> None:
    masterplan, period = await _collecting()
    locked, release = asyncio.Event(), asyncio.Event()

    async def hold_lock() -> None:
        async with in_transaction() as connection:
            await PhasePeriod.filter(id=period.id).select_for_update().using_db(connection).first()
            locked.set()
            await release.wait()

    holder = asyncio.create_task(hold_lock())
    await locked.wait()
    try:
        async with asyncio.timeout(5):  # waiting for the lock instead would hang here
            report = await switch_due(now=NOW)
    finally:
        release.set()
        await holder
    assert report.switched == []
    assert await _phase_of(masterplan) == Phase.COLLECTION
    assert len((await switch_due(now=NOW)).switched) == 1


async def test_a_switch_that_would_go_back_is_skipped_once_logged_and_audited(
    caplog: pytest.LogCaptureFixture,
) -> None:
    masterplan, period = await _collecting(phase=Phase.DRAFTING)
    follower = await make_user()
    await follow(user=follower, proposal=await make_proposal(await make_field(masterplan)))
    with caplog.at_level(logging.WARNING, logger="participation.planning.phase_switch"):
        report = await switch_due(now=NOW)
    assert report.skipped == [f"{masterplan.slug}: drafting → evaluation"]
    assert "it would go back" in caplog.text
    assert await _phase_of(masterplan) == Phase.DRAFTING
    stored = await PhasePeriod.get(id=period.id)
    assert (stored.auto_switch, stored.switched_at) == (False, None)
    assert await AuditEntry.exists(action="masterplan.switch_phase_skipped", actor_id=None)
    assert not await Notification.exists()
    assert (await switch_due(now=NOW)).skipped == []


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param(
            {"phases": ["preparation", "collection", "drafting", "adopted"]},
            id="a phase it no longer uses",
        ),
        pytest.param({"archived_at": NOW}, id="an archived masterplan"),
    ],
)
async def test_a_switch_that_cannot_be_made_is_skipped(overrides: dict[str, object]) -> None:
    masterplan, period = await _collecting(**overrides)
    assert len((await switch_due(now=NOW)).skipped) == 1
    assert await _phase_of(masterplan) == Phase.COLLECTION
    assert (await PhasePeriod.get(id=period.id)).auto_switch is False


async def test_two_overdue_switches_go_straight_to_the_later_phase() -> None:
    masterplan, _ = await _collecting(phase=Phase.PREPARATION)
    await PhasePeriod.create(
        masterplan=masterplan,
        phase=Phase.COLLECTION,
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 1, 31),
        auto_switch=True,
    )
    follower = await make_user()
    await follow(user=follower, proposal=await make_proposal(await make_field(masterplan)))
    report = await switch_due(now=NOW)
    assert report.switched == [f"{masterplan.slug}: preparation → evaluation"]
    assert report.skipped == [f"{masterplan.slug}: evaluation → collection"]
    assert await _phase_of(masterplan) == Phase.EVALUATION
    assert await Notification.filter(user_id=follower.id).count() == 1


async def test_a_phase_set_by_hand_before_its_date_is_not_switched_again() -> None:
    masterplan, period = await _collecting()
    planner = await make_user(role=Role.PLANNER)
    await phases.set_phase(masterplan=masterplan, phase="evaluation", by=planner)
    follower = await make_user()
    await follow(user=follower, proposal=await make_proposal(await make_field(masterplan)))
    assert (await switch_due(now=NOW)).switched == []
    assert (await PhasePeriod.get(id=period.id)).switched_at == NOW
    assert not await AuditEntry.exists(action="masterplan.switch_phase")
    assert not await Notification.exists()


async def test_a_period_without_automatic_switch_or_not_yet_due_stays() -> None:
    masterplan, period = await _collecting()
    await PhasePeriod.filter(id=period.id).update(auto_switch=False)
    await PhasePeriod.create(
        masterplan=masterplan,
        phase=Phase.DRAFTING,
        starts_on=date(2027, 4, 1),
        auto_switch=True,
    )
    report = await switch_due(now=NOW)
    assert (report.switched, report.skipped) == ([], [])
    assert await _phase_of(masterplan) == Phase.COLLECTION
