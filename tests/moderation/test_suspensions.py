"""Suspensions from the moderation side: who may suspend whom, what the person is told, what
the audit log keeps, and that a suspended person reads but does not take part."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from babel.dates import format_date

from participation.accounts.models import Role, User
from participation.accounts.permissions import is_suspended
from participation.comments.models import Comment
from participation.forms import ValidationFailed
from participation.mail.models import OutboxMessage
from participation.moderation import suspensions
from participation.moderation.models import AuditEntry
from participation.proposals.models import Proposal
from participation.votes.models import Vote
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import open_client
from tests.factories import make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")

REASON = "Wiederholte Werbung für einen Onlineshop"


def page(person: User) -> str:
    return f"/moderation/users/{person.id}/suspend"


def in_days(days: int) -> date:
    return date.today() + timedelta(days=days)


async def suspend_by_form(
    client: httpx.AsyncClient, person: User, until: date, reason: str = REASON
) -> httpx.Response:
    return await post_form(
        client,
        page(person),
        {"action": "suspend", "suspended_until": until.isoformat(), "suspension_reason": reason},
    )


async def test_a_moderator_suspends_a_citizen_and_the_audit_log_keeps_who_what_and_why(
    client: httpx.AsyncClient,
) -> None:
    moderator = await sign_in_as(client, Role.MODERATOR, display_name="Moderatorin Meyer")
    person = await make_user()
    until = in_days(14)

    response = await suspend_by_form(client, person, until)

    assert response.status_code == 303
    assert response.headers["location"] == page(person)
    await person.refresh_from_db()
    assert is_suspended(person)
    assert suspensions.ends_on(person) == until
    assert person.suspension_reason == REASON
    entry = await AuditEntry.get(action="user.suspend")
    assert (entry.actor_id, entry.actor_name) == (moderator.id, "Moderatorin Meyer")  # type: ignore[attr-defined]
    assert (entry.target_type, entry.target_id, entry.reason) == ("user", person.id, REASON)
    assert entry.details == {"until": until.isoformat()}


async def test_the_page_shows_who_the_person_is_and_their_current_suspension(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    person = await make_user(display_name="Karl Klebezettel")
    before = await client.get(page(person))
    assert before.status_code == 200
    assert "Karl Klebezettel" in before.text
    assert shown("not suspended") in before.text
    assert 'name="suspended_until"' in before.text and 'type="date"' in before.text

    await suspend_by_form(client, person, in_days(30))
    after = (await client.get(page(person))).text
    assert REASON in after
    assert shown("Lift the suspension") in after


async def test_the_person_is_told_by_mail_in_their_language_until_when_and_why(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    german = await make_user(language="de")
    english = await make_user(language="en")
    await suspend_by_form(client, german, date(date.today().year + 1, 3, 9))
    await suspend_by_form(client, english, date(date.today().year + 1, 3, 9))

    to_german = await OutboxMessage.get(recipient=german.email)
    assert to_german.subject == shown("Your account has been suspended")
    assert f"9. März {date.today().year + 1}" in to_german.body
    assert REASON in to_german.body
    to_english = await OutboxMessage.get(recipient=english.email)
    assert to_english.subject == "Your account has been suspended"
    assert f"9 March {date.today().year + 1}" in to_english.body


async def test_a_suspension_needs_a_reason_and_keeps_the_input(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    person = await make_user()
    until = in_days(7)
    response = await suspend_by_form(client, person, until, reason="  ")
    assert response.status_code == 400
    assert 'id="suspension_reason-error"' in response.text
    assert f'value="{until.isoformat()}"' in response.text
    await person.refresh_from_db()
    assert person.suspended_until is None
    assert not await AuditEntry.exists() and not await OutboxMessage.exists()


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (date(2020, 1, 1), "The date must lie in the future."),
        (date.today(), "The date must lie in the future."),
        (date.today() + timedelta(days=3 * 365), "A suspension can last at most two years."),
    ],
)
async def test_the_end_must_lie_in_the_future_and_within_two_years(
    client: httpx.AsyncClient, until: date, message: str
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    person = await make_user()
    response = await suspend_by_form(client, person, until)
    assert response.status_code == 400
    assert 'id="suspended_until-error"' in response.text
    assert shown(message) in response.text
    assert f"{REASON}</textarea>" in response.text
    await person.refresh_from_db()
    assert person.suspended_until is None


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
async def test_a_moderator_cannot_suspend_moderators_or_admins(
    client: httpx.AsyncClient, role: Role
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    colleague = await make_user(role=role)
    opened = await client.get(page(colleague))
    assert opened.status_code == 403
    assert shown("Only administrators can suspend moderators and administrators.") in opened.text
    assert 'name="suspension_reason"' not in opened.text

    posted = await suspend_by_form(client, colleague, in_days(7))
    assert posted.status_code == 403
    await colleague.refresh_from_db()
    assert colleague.suspended_until is None


async def test_an_admin_can_suspend_a_moderator(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    moderator = await make_user(role=Role.MODERATOR)
    assert (await suspend_by_form(client, moderator, in_days(7))).status_code == 303
    await moderator.refresh_from_db()
    assert is_suspended(moderator)
    assert (await AuditEntry.get(action="user.suspend")).actor_id == admin.id  # type: ignore[attr-defined]


async def test_a_moderator_can_suspend_a_planner(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.MODERATOR)
    planner = await make_user(role=Role.PLANNER)
    assert (await suspend_by_form(client, planner, in_days(7))).status_code == 303


async def test_nobody_suspends_themselves(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    response = await client.get(page(admin))
    assert response.status_code == 403
    assert shown("You cannot suspend yourself or lift your own suspension.") in response.text
    with pytest.raises(ValidationFailed):
        await suspensions.suspend_person(person=admin, by=admin, until=in_days(3), reason="x")
    assert not await AuditEntry.exists()


async def test_a_suspended_admin_cannot_lift_their_own_suspension(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(
        client,
        Role.ADMIN,
        suspended_until=datetime.now(UTC) + timedelta(days=3),
        suspension_reason="Spam",
    )
    response = await post_form(client, f"/admin/users/{admin.id}", {"action": "lift"})
    assert response.status_code == 400
    assert shown("You cannot suspend yourself or lift your own suspension.") in response.text
    await admin.refresh_from_db()
    assert is_suspended(admin)


async def test_lifting_ends_the_suspension_tells_the_person_and_is_logged(
    client: httpx.AsyncClient,
) -> None:
    moderator = await sign_in_as(client, Role.MODERATOR)
    person = await make_user()
    await suspend_by_form(client, person, in_days(30))
    response = await post_form(
        client, page(person), {"action": "lift", "lift_reason": "Einspruch berechtigt"}
    )
    assert response.status_code == 303
    await person.refresh_from_db()
    assert person.suspended_until is None and person.suspension_reason == ""
    entry = await AuditEntry.get(action="user.lift_suspension")
    assert (entry.actor_id, entry.target_id, entry.reason) == (  # type: ignore[attr-defined]
        moderator.id,
        person.id,
        "Einspruch berechtigt",
    )
    subjects = [m.subject for m in await OutboxMessage.filter(recipient=person.email)]
    assert shown("Your suspension has been lifted") in subjects


async def test_a_moderator_cannot_lift_an_admins_suspension(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.MODERATOR)
    admin = await make_user(role=Role.ADMIN)
    admin.suspended_until = datetime.now(UTC) + timedelta(days=3)
    await admin.save()
    response = await post_form(client, page(admin), {"action": "lift"})
    assert response.status_code == 403
    await admin.refresh_from_db()
    assert admin.suspended_until is not None


async def test_citizens_cannot_open_the_page_and_unknown_people_are_not_found(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.CITIZEN)
    person = await make_user()
    assert (await client.get(page(person))).status_code == 403
    async with open_client() as moderator_client:
        await sign_in_as(moderator_client, Role.MODERATOR)
        response = await moderator_client.get("/moderation/users/999999/suspend")
        assert response.status_code == 404


async def test_the_suspension_ends_at_the_start_of_its_last_day_in_dortmund() -> None:
    admin = await make_user(role=Role.ADMIN)
    person = await make_user()
    now = datetime(2026, 6, 1, 10, tzinfo=UTC)
    await suspensions.suspend_person(
        person=person, by=admin, until=date(2026, 6, 10), reason="Spam", now=now
    )
    # Midnight in Dortmund in summer is 22:00 UTC the evening before.
    assert is_suspended(person, datetime(2026, 6, 9, 21, 59, tzinfo=UTC))
    assert not is_suspended(person, datetime(2026, 6, 9, 22, 0, tzinfo=UTC))


# A suspended person reads everything but is refused, with the end date, when taking part.


async def suspended_person(until: date) -> User:
    return await make_person(
        suspended_until=datetime(
            until.year, until.month, until.day, tzinfo=suspensions.CITY_TIMEZONE
        ),
        suspension_reason=REASON,
    )


async def _take_part(client: httpx.AsyncClient) -> list[httpx.Response]:
    """Open the proposal form, post a comment, vote: the three ways of taking part."""
    masterplan = await make_masterplan()
    proposal = await make_proposal(await make_field(masterplan))
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 200
    assert (await client.get(f"/masterplans/{masterplan.slug}/proposals")).status_code == 200
    return [
        await client.get(f"/masterplans/{masterplan.slug}/proposals/new"),
        await post_form(
            client, f"/proposals/{proposal.id}/comments", {"body": "Ich bin wieder da."}
        ),
        await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "support"}),
    ]


async def test_a_suspended_person_reads_but_cannot_post_comment_or_vote(
    client: httpx.AsyncClient,
) -> None:
    await sign_in(client, await suspended_person(in_days(20)))
    refusals = await _take_part(client)
    assert [response.status_code for response in refusals] == [403, 403, 403]
    assert await Proposal.all().count() == 1
    assert not await Comment.exists() and not await Vote.exists()


def _shows_day(text: str, day: date) -> bool:
    forms = {day.isoformat(), *(format_date(day, f, locale="de") for f in ("medium", "long"))}
    return any(form in text for form in forms)


async def test_the_refusal_names_the_day_the_suspension_ends(client: httpx.AsyncClient) -> None:
    until = in_days(20)
    await sign_in(client, await suspended_person(until))
    for response in await _take_part(client):
        assert _shows_day(response.text, until), response.text
