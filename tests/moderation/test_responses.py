from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import Role, User
from participation.forms import ValidationFailed
from participation.i18n import gettext, language
from participation.mail.models import OutboxMessage
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation import services
from participation.moderation.merging import merge_proposals
from participation.moderation.models import AuditEntry, StatusChange
from participation.moderation.publishing import publish
from participation.moderation.responses import (
    DECISIONS,
    change_status,
    change_status_of_many,
    status_history,
)
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import follow, unfollow
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import open_client
from tests.factories import make_field, make_masterplan, make_proposal, make_user

BASE_URL = "https://beteiligung.dortmund.example"


def _path(proposal: Proposal) -> str:
    return f"/moderation/proposals/{proposal.id}/status"


async def _planner_of(masterplan: Masterplan) -> User:
    planner = await make_person(role=Role.PLANNER, display_name="Petra Plan")
    await masterplan.planners.add(planner)
    return planner


async def _listed(field: FieldOfAction) -> int:
    return (await FieldOfAction.get(id=field.id)).proposal_count


# The service


@pytest.mark.parametrize("status", DECISIONS)
async def test_each_decision_needs_a_public_response(db: None, status: ProposalStatus) -> None:
    proposal = await make_proposal()
    with pytest.raises(ValidationFailed) as refused:
        await change_status(proposal=proposal, by=await make_user(), status=status, response=" ")
    assert set(refused.value.errors) == {"response"}
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED
    assert not await StatusChange.exists(proposal_id=proposal.id)


async def test_going_back_to_published_needs_no_response(db: None) -> None:
    proposal = await make_proposal(status=ProposalStatus.IN_REVIEW)
    await change_status(proposal=proposal, by=await make_user(), status="published", response="")
    stored = await Proposal.get(id=proposal.id)
    assert (stored.status, stored.official_response) == (ProposalStatus.PUBLISHED, "")


async def test_a_change_keeps_who_when_and_why(db: None) -> None:
    field = await make_field()
    proposal = await make_proposal(field)
    listed = await _listed(field)
    moderator = await make_user(role=Role.MODERATOR, display_name="Mona Moderation")
    await change_status(
        proposal=proposal,
        by=moderator,
        status="adopted",
        response="Wird 2027 umgesetzt.\r\n",
        reason="Beschluss des Lenkungskreises",
    )
    stored = await Proposal.get(id=proposal.id)
    assert (stored.status, stored.official_response) == (
        ProposalStatus.ADOPTED,
        "Wird 2027 umgesetzt.",
    )
    change = await StatusChange.get(proposal_id=proposal.id)
    assert (change.from_status, change.to_status) == ("published", "adopted")
    assert change.changed_by_id == moderator.id  # type: ignore[attr-defined]
    assert change.reason == "Beschluss des Lenkungskreises"
    assert change.response == "Wird 2027 umgesetzt."
    assert change.created_at is not None
    entry = await AuditEntry.get(action="proposal.status", target_id=proposal.id)
    assert (entry.actor_name, entry.reason) == ("Mona Moderation", "Beschluss des Lenkungskreises")
    assert entry.details["from_status"] == "published"
    assert entry.details["to_status"] == "adopted"
    assert await _listed(field) == listed  # a decision keeps the proposal listed


async def test_a_planner_can_correct_a_decision(db: None) -> None:
    proposal = await make_proposal()
    planner = await make_user(role=Role.PLANNER)
    await change_status(proposal=proposal, by=planner, status="not_adopted", response="Nein.")
    await change_status(
        proposal=proposal, by=planner, status="partially_adopted", response="Doch, zum Teil."
    )
    changes = await StatusChange.filter(proposal_id=proposal.id).order_by("id")
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("published", "not_adopted"),
        ("not_adopted", "partially_adopted"),
    ]
    assert (await Proposal.get(id=proposal.id)).official_response == "Doch, zum Teil."


async def test_the_same_status_with_a_new_response_corrects_the_response(db: None) -> None:
    proposal = await make_proposal()
    moderator = await make_user(role=Role.MODERATOR)
    await change_status(proposal=proposal, by=moderator, status="adopted", response="Ja.")
    await change_status(proposal=proposal, by=moderator, status="adopted", response="Ja, 2027.")
    assert (await Proposal.get(id=proposal.id)).official_response == "Ja, 2027."
    with pytest.raises(ValidationFailed):
        await change_status(proposal=proposal, by=moderator, status="adopted", response="Ja, 2027.")
    assert await StatusChange.filter(proposal_id=proposal.id).count() == 2


async def test_an_unknown_status_and_an_overlong_response_are_refused(db: None) -> None:
    proposal = await make_proposal()
    with pytest.raises(ValidationFailed) as unknown:
        await change_status(proposal=proposal, by=await make_user(), status="merged", response="x")
    assert set(unknown.value.errors) == {"status"}
    with pytest.raises(ValidationFailed) as long:
        await change_status(
            proposal=proposal, by=await make_user(), status="adopted", response="x" * 5_001
        )
    assert set(long.value.errors) == {"response"}


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (ProposalStatus.PENDING, "This proposal still awaits moderation"),
        (ProposalStatus.HIDDEN, "This proposal is hidden by moderation"),
        (ProposalStatus.MERGED, "This proposal was merged into another one"),
        (ProposalStatus.WITHDRAWN, "Its author has withdrawn this proposal"),
    ],
)
async def test_proposals_outside_the_five_statuses_are_refused_with_the_reason(
    db: None, status: ProposalStatus, why: str
) -> None:
    proposal = await make_proposal(status=status)
    with pytest.raises(ValidationFailed) as refused, language("en"):
        await change_status(
            proposal=proposal, by=await make_user(), status="adopted", response="Ja"
        )
    assert refused.value.errors["form"].startswith(why)
    assert (await Proposal.get(id=proposal.id)).status == status
    assert not await StatusChange.exists(proposal_id=proposal.id)


# Telling people


async def test_author_and_followers_hear_of_it_in_their_language_but_not_who_changed_it(
    db: None,
) -> None:
    author = await make_user(language="en", display_name="Alex Author")
    proposal = await make_proposal(author=author, title="WLAN für alle Schulen")
    follower = await make_user(language="de")
    moderator = await make_user(role=Role.MODERATOR)
    for person in (author, follower, moderator):
        await follow(user=person, proposal=proposal)
    await change_status(
        proposal=proposal, by=moderator, status="adopted", response="Ja.", base_url=BASE_URL
    )
    assert not await Notification.exists(user_id=moderator.id)
    for person, lang in ((author, "en"), (follower, "de")):
        [notification] = await Notification.filter(user_id=person.id)
        assert notification.kind == NotificationKind.OFFICIAL_RESPONSE
        with language(lang):
            expected = gettext("“%(title)s” has an official response: %(status)s.") % {
                "title": "WLAN für alle Schulen",
                "status": gettext("Adopted"),
            }
        assert notification.text == expected
        assert await OutboxMessage.filter(recipient=person.email).count() == 1


async def test_the_author_hears_of_a_change_even_without_following(db: None) -> None:
    author = await make_user()
    proposal = await make_proposal(author=author)
    await follow(user=author, proposal=proposal)
    await unfollow(user=author, proposal=proposal)
    await change_status(
        proposal=proposal, by=await make_user(), status="in_review", response="Wir prüfen."
    )
    [notification] = await Notification.filter(user_id=author.id)
    assert notification.kind == NotificationKind.OFFICIAL_RESPONSE


async def test_going_back_to_published_is_a_status_change_notification(db: None) -> None:
    author = await make_user()
    proposal = await make_proposal(author=author, status=ProposalStatus.IN_REVIEW)
    await change_status(proposal=proposal, by=await make_user(), status="published", response="")
    [notification] = await Notification.filter(user_id=author.id)
    assert notification.kind == NotificationKind.STATUS_CHANGED


async def test_nobody_hears_of_a_refused_change(db: None) -> None:
    author = await make_user()
    proposal = await make_proposal(author=author)
    with pytest.raises(ValidationFailed):
        await change_status(proposal=proposal, by=await make_user(), status="adopted", response="")
    assert not await Notification.exists(user_id=author.id)


# Many at once


async def test_many_proposals_take_one_status_each_with_its_own_record(db: None) -> None:
    authors = [await make_user() for _ in range(3)]
    proposals = [await make_proposal(author=author) for author in authors]
    planner = await make_user(role=Role.PLANNER)
    changed = await change_status_of_many(
        proposals=proposals,
        by=planner,
        status="in_review",
        response="Die Planung prüft alle Vorschläge zur Glasfaser.",
        reason="Sammelprüfung",
    )
    assert [p.status for p in changed] == [ProposalStatus.IN_REVIEW] * 3
    for proposal, author in zip(proposals, authors, strict=True):
        assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.IN_REVIEW
        assert await StatusChange.filter(proposal_id=proposal.id).count() == 1
        assert await AuditEntry.filter(action="proposal.status", target_id=proposal.id).count() == 1
        assert await Notification.filter(user_id=author.id, proposal_id=proposal.id).count() == 1


async def test_many_proposals_change_all_or_none_and_the_error_names_the_refused(
    db: None,
) -> None:
    fine = await make_proposal(title="Glasfaser für Gewerbegebiete")
    hidden = await make_proposal(title="Werbung für einen Laden", status=ProposalStatus.HIDDEN)
    also_fine = await make_proposal()
    with pytest.raises(ValidationFailed) as refused:
        await change_status_of_many(
            proposals=[fine, hidden, also_fine],
            by=await make_user(),
            status="adopted",
            response="Ja.",
        )
    message = refused.value.errors["form"]
    assert "Werbung für einen Laden" in message
    assert "Glasfaser für Gewerbegebiete" not in message
    for proposal in (fine, also_fine):
        assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED
    assert not await StatusChange.filter(to_status="adopted").exists()
    assert not await Notification.exists()


async def test_many_proposals_still_need_the_response_a_decision_requires(db: None) -> None:
    proposals = [await make_proposal(), await make_proposal()]
    with pytest.raises(ValidationFailed) as refused:
        await change_status_of_many(
            proposals=proposals, by=await make_user(), status="not_adopted", response=""
        )
    assert set(refused.value.errors) == {"response"}


# The public history


async def test_the_history_starts_with_the_publication_and_names_the_city_role(db: None) -> None:
    masterplan = await make_masterplan(premoderated_groups=["citizens"])
    proposal = await make_proposal(await make_field(masterplan), status=ProposalStatus.PENDING)
    moderator = await make_user(role=Role.MODERATOR, display_name="Mona Moderation")
    await publish(item=proposal, moderator=moderator)
    assert not (await status_history(proposal)).worth_showing
    planner = await make_user(role=Role.PLANNER, display_name="Petra Plan")
    await change_status(proposal=proposal, by=planner, status="in_review", response="Wir prüfen.")
    history = await status_history(proposal)
    assert [e.status for e in history.entries] == [
        ProposalStatus.PUBLISHED,
        ProposalStatus.IN_REVIEW,
    ]
    assert history.entries[0].who == ""  # the publication names nobody
    with language("en"):
        assert history.entries[1].who == "Petra Plan (Planner)"
    assert history.official == history.entries[1]


async def test_the_history_leaves_out_hiding_and_restoring(db: None) -> None:
    proposal = await make_proposal()
    moderator = await make_user(role=Role.MODERATOR)
    await change_status(proposal=proposal, by=moderator, status="adopted", response="Ja.")
    await services.hide_proposal(proposal=proposal, moderator=moderator, reason="Streit")
    await services.restore_proposal(proposal=proposal, moderator=moderator, reason="Geklärt")
    history = await status_history(await Proposal.get(id=proposal.id))
    assert [e.status for e in history.entries] == [
        ProposalStatus.PUBLISHED,
        ProposalStatus.ADOPTED,
    ]
    assert history.official is not None and history.official.response == "Ja."


async def test_a_merged_proposal_shows_no_official_response_of_before(db: None) -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    moderator = await make_user(role=Role.MODERATOR)
    await change_status(proposal=duplicate, by=moderator, status="in_review", response="Prüfung")
    await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    history = await status_history(await Proposal.get(id=duplicate.id))
    assert history.entries[-1].status == ProposalStatus.MERGED
    assert history.official is None


# The form and the proposal page


async def test_a_moderator_sets_a_status_and_the_visitor_reads_the_response(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Glasfaser für Gewerbegebiete")
    moderator = await sign_in_as(client, Role.MODERATOR, display_name="Mona Moderation")
    form = await client.get(_path(proposal))
    assert form.status_code == 200
    assert "Glasfaser für Gewerbegebiete" in form.text
    response = await post_form(
        client,
        _path(proposal),
        {
            "status": "partially_adopted",
            "response": "Die **Gewerbegebiete im Norden** kommen zuerst.",
            "reason": "Intern: Budget reicht nur für den Norden",
        },
        token_from=_path(proposal),
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/proposals/{proposal.id}"
    flashed = await client.get(response.headers["location"])
    assert shown("The status is changed. The author and the followers are notified.") in (
        flashed.text
    )
    async with open_client() as visitor:
        page = await visitor.get(f"/proposals/{proposal.id}")
    assert 'id="official-response"' in page.text
    assert "<strong>Gewerbegebiete im Norden</strong>" in page.text
    assert shown("Partially adopted") in page.text
    assert f"{moderator.display_name} ({shown('Moderator')})" in page.text
    assert 'id="status-history"' in page.text
    assert "Budget reicht nur für den Norden" not in page.text


async def test_a_hiding_reason_never_reaches_the_public_history(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    moderator = await make_user(role=Role.MODERATOR)
    await change_status(proposal=proposal, by=moderator, status="in_review", response="Prüfung")
    await services.hide_proposal(proposal=proposal, moderator=moderator, reason="Geheimer Grund")
    await services.restore_proposal(proposal=proposal, moderator=moderator, reason="Interna")
    page = await client.get(f"/proposals/{proposal.id}")
    assert 'id="status-history"' in page.text
    assert "Geheimer Grund" not in page.text
    assert "Interna" not in page.text


async def test_a_proposal_only_published_shows_no_history_and_no_response(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    page = await client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    assert 'id="status-history"' not in page.text
    assert 'id="official-response"' not in page.text


async def test_the_form_keeps_the_input_and_shows_the_error_next_to_the_field(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    await sign_in_as(client, Role.MODERATOR)
    response = await post_form(
        client,
        _path(proposal),
        {"status": "not_adopted", "response": "", "reason": "Meine Notiz"},
        token_from=_path(proposal),
    )
    assert response.status_code == 400
    error = shown("Please write the public response: this status needs one.")
    assert f'id="response-error" role="alert"><span class="kern-body">{error}' in response.text
    assert 'value="not_adopted" id="status-not_adopted" checked' in response.text
    assert ">Meine Notiz</textarea>" in response.text
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED


async def test_the_form_of_a_hidden_proposal_says_why_it_cannot_change(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(status=ProposalStatus.HIDDEN)
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get(_path(proposal))
    assert page.status_code == 200
    refusal = shown(
        "This proposal is hidden by moderation: restore it first, then change its status."
    )
    assert refusal in page.text
    assert 'name="response"' not in page.text


async def test_a_planner_answers_proposals_of_their_masterplan_only(
    client: httpx.AsyncClient,
) -> None:
    planned = await make_masterplan()
    own = await make_proposal(await make_field(planned))
    other = await make_proposal()
    await sign_in(client, await _planner_of(planned))
    page = await client.get(f"/proposals/{own.id}")
    assert shown("Status and official response") in page.text
    assert (await client.get(_path(own))).status_code == 200
    response = await post_form(
        client,
        _path(own),
        {"status": "in_review", "response": "Wir prüfen."},
        token_from=_path(own),
    )
    assert response.status_code == 303
    assert (await client.get(_path(other))).status_code == 403
    refused = await post_form(
        client,
        _path(other),
        {"status": "in_review", "response": "Wir prüfen."},
        token_from=_path(own),
    )
    assert refused.status_code == 403
    assert (
        shown("Status and official response")
        not in (await client.get(f"/proposals/{other.id}")).text
    )
    assert (await Proposal.get(id=other.id)).status == ProposalStatus.PUBLISHED


async def test_citizens_are_refused_and_visitors_sent_to_sign_in(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    anonymous = await client.get(_path(proposal))
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/account/login")
    await sign_in_as(client, Role.CITIZEN)
    assert (await client.get(_path(proposal))).status_code == 403
    assert (
        shown("Status and official response")
        not in (await client.get(f"/proposals/{proposal.id}")).text
    )


async def test_an_unknown_proposal_is_not_found(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.MODERATOR)
    assert (await client.get("/moderation/proposals/999999/status")).status_code == 404
