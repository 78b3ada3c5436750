from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup, User
from participation.forms import ValidationFailed
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation import curation
from participation.moderation.merging import merge_proposals
from participation.moderation.models import AuditEntry, Merge
from participation.moderation.services import hide_proposal, restore_proposal
from participation.notifications.models import Notification
from participation.notifications.services import follow
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.votes.models import Vote, VoteTally
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import QueryCounter, open_client
from tests.factories import make_field, make_masterplan, make_proposal, make_user, make_vote


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
        yield http


def curate_path(proposal: Proposal) -> str:
    return f"/moderation/proposals/{proposal.id}/curate"


async def curate(
    client: httpx.AsyncClient, proposal: Proposal, data: dict[str, str]
) -> httpx.Response:
    return await post_form(client, curate_path(proposal), data, token_from=curate_path(proposal))


async def assert_counters_match_a_recount(*fields: FieldOfAction) -> None:
    for field in fields:
        listed = await Proposal.filter(field_of_action_id=field.id, status__in=LISTED_STATUSES)
        assert (await FieldOfAction.get(id=field.id)).proposal_count == len(listed)


async def reloaded(proposal: Proposal) -> Proposal:
    return await Proposal.get(id=proposal.id)


# Moving


async def test_a_listed_proposal_moves_from_one_field_counter_to_the_other(db: None) -> None:
    source = await make_field()
    target = await make_field(await source.masterplan)
    proposal = await make_proposal(source)
    await make_proposal(source)
    await curation.move_proposal(
        proposal=proposal, field_of_action=target, moderator=await make_user()
    )
    assert (await reloaded(proposal)).field_of_action_id == target.id  # type: ignore[attr-defined]
    assert [(await FieldOfAction.get(id=f.id)).proposal_count for f in (source, target)] == [1, 1]
    await assert_counters_match_a_recount(source, target)


async def test_a_move_to_a_field_of_another_masterplan_takes_the_proposal_there(
    client: httpx.AsyncClient,
) -> None:
    source = await make_field(await make_masterplan(slug="digitale-wirtschaft"))
    target = await make_field(await make_masterplan(slug="digitale-bildung"), title="Schulen")
    proposal = await make_proposal(source, title="Tablets für alle Grundschulen")
    await sign_in_as(client, Role.MODERATOR)
    response = await curate(
        client, proposal, {"action": "move", "field_of_action": str(target.id), "reason": ""}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/proposals/{proposal.id}"
    moved = await reloaded(proposal)
    assert moved.masterplan_id == target.masterplan_id  # type: ignore[attr-defined]
    await assert_counters_match_a_recount(source, target)
    page = await client.get(response.headers["location"])
    assert shown("The proposal was moved.") in page.text
    assert "Schulen" in page.text
    there = await client.get("/masterplans/digitale-bildung/proposals")
    gone = await client.get("/masterplans/digitale-wirtschaft/proposals")
    assert "Tablets für alle Grundschulen" in there.text
    assert "Tablets für alle Grundschulen" not in gone.text


async def test_moving_a_hidden_proposal_leaves_both_counters_alone(db: None) -> None:
    moderator = await make_user()
    source = await make_field()
    target = await make_field(await make_masterplan())
    proposal = await make_proposal(source)
    await hide_proposal(proposal=proposal, moderator=moderator, reason="Werbung")
    await curation.move_proposal(proposal=proposal, field_of_action=target, moderator=moderator)
    assert [(await FieldOfAction.get(id=f.id)).proposal_count for f in (source, target)] == [0, 0]
    # Restored in its new place, it counts there.
    await restore_proposal(proposal=proposal, moderator=moderator)
    await assert_counters_match_a_recount(source, target)
    assert (await FieldOfAction.get(id=target.id)).proposal_count == 1


async def test_votes_keep_their_groups_and_merges_stay_linked_after_a_move(db: None) -> None:
    field = await make_field()
    duplicate = await make_proposal(field, title="Radwege am Phoenix-See")
    proposal = await make_proposal(field, title="Mehr Radwege im Süden")
    await make_vote(proposal, group=StakeholderGroup.SCIENCE)
    await make_vote(duplicate, group=StakeholderGroup.BUSINESS)
    merge = await merge_proposals(duplicate=duplicate, into=proposal, moderator=await make_user())
    target = await make_field(await make_masterplan())
    await curation.move_proposal(
        proposal=proposal, field_of_action=target, moderator=await make_user()
    )
    groups = sorted(v.stakeholder_group.value for v in await Vote.filter(proposal_id=proposal.id))
    assert groups == ["business", "science"]
    assert await VoteTally.filter(proposal_id=proposal.id).count() == 2
    assert (await reloaded(proposal)).supports == 2
    kept = await Merge.get(id=merge.id)
    assert (kept.duplicate_id, kept.target_id) == (duplicate.id, proposal.id)  # type: ignore[attr-defined]
    await assert_counters_match_a_recount(field, target)


async def test_a_move_to_the_same_or_an_unknown_field_is_refused_with_the_reason_kept(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    proposal = await make_proposal(field)
    await sign_in_as(client, Role.MODERATOR)
    same = await curate(
        client,
        proposal,
        {"action": "move", "field_of_action": str(field.id), "reason": "Passt besser"},
    )
    assert same.status_code == 400
    assert shown("The proposal is in this field of action already.") in same.text
    assert "Passt besser</textarea>" in same.text
    unknown = await curate(client, proposal, {"action": "move", "field_of_action": "999999"})
    assert unknown.status_code == 400
    assert shown("Please choose a field of action.") in unknown.text
    assert (await reloaded(proposal)).field_of_action_id == field.id  # type: ignore[attr-defined]
    assert await AuditEntry.filter(action="proposal.move").count() == 0


async def test_a_move_is_audited_with_where_the_proposal_was_and_went(db: None) -> None:
    source = await make_field(await make_masterplan(title="Digitale Wirtschaft"), title="Handel")
    target = await make_field(await make_masterplan(title="Digitale Bildung"), title="Schulen")
    proposal = await make_proposal(source)
    moderator = await make_user(display_name="Mo Derator")
    await curation.move_proposal(
        proposal=proposal, field_of_action=target, moderator=moderator, reason="Gehört zur Bildung"
    )
    entry = await AuditEntry.get(action="proposal.move")
    assert (entry.target_type, entry.target_id, entry.actor_name) == (
        "proposal",
        proposal.id,
        "Mo Derator",
    )
    assert entry.reason == "Gehört zur Bildung"
    assert entry.details == {
        "from_field_id": source.id,
        "from_field": "Handel",
        "from_masterplan_id": source.masterplan_id,  # type: ignore[attr-defined]
        "from_masterplan": "Digitale Wirtschaft",
        "to_field_id": target.id,
        "to_field": "Schulen",
        "to_masterplan_id": target.masterplan_id,  # type: ignore[attr-defined]
        "to_masterplan": "Digitale Bildung",
    }


async def test_the_author_is_told_of_a_move_and_followers_are_not(db: None) -> None:
    author = await make_user(language="en")
    follower = await make_user()
    target = await make_field(await make_masterplan(title="Digitale Bildung"), title="Schulen")
    proposal = await make_proposal(author=author)
    await follow(user=follower, proposal=proposal)
    await curation.move_proposal(
        proposal=proposal, field_of_action=target, moderator=await make_user()
    )
    notified = await Notification.all()
    assert [n.user_id for n in notified] == [author.id]  # type: ignore[attr-defined]
    assert notified[0].text == "Moderation moved your proposal to “Schulen” (Digitale Bildung)."
    assert notified[0].proposal_id == proposal.id  # type: ignore[attr-defined]


# Editing the title


async def test_the_original_title_is_kept_across_two_edits_and_shown_on_the_page(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="WLAN!!! überall sofort")
    await sign_in_as(client, Role.MODERATOR)
    for title in ("Kostenloses WLAN in der Innenstadt", "Kostenloses WLAN in der City"):
        response = await curate(client, proposal, {"action": "retitle", "title": title})
        assert response.status_code == 303
    edited = await reloaded(proposal)
    assert (edited.title, edited.original_title) == (
        "Kostenloses WLAN in der City",
        "WLAN!!! überall sofort",
    )
    async with open_client() as visitor:
        page = await visitor.get(f"/proposals/{proposal.id}")
    assert "Kostenloses WLAN in der City" in page.text
    notice = shown("Title edited by the moderation for clarity. Original title: “%(title)s”")
    assert notice % {"title": "WLAN!!! überall sofort"} in page.text


async def test_setting_the_author_title_again_leaves_nothing_to_keep(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Smarte Parkplätze")
    moderator = await make_user()
    await curation.retitle_proposal(
        proposal=proposal, title="Sensoren für Parkplätze", moderator=moderator
    )
    await curation.retitle_proposal(
        proposal=proposal, title="Smarte Parkplätze", moderator=moderator
    )
    restored = await reloaded(proposal)
    assert (restored.title, restored.original_title) == ("Smarte Parkplätze", "")
    page = await client.get(f"/proposals/{proposal.id}")
    assert 'id="curation-notice"' not in page.text


async def test_search_finds_the_new_title_and_the_list_shows_it(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(await make_masterplan(slug="digitale-wirtschaft"))
    proposal = await make_proposal(field, title="Bessere Verbindung", body="Bitte prüfen.")
    await curation.retitle_proposal(
        proposal=proposal, title="Glasfaser für Gewerbegebiete", moderator=await make_user()
    )
    found = await client.get("/masterplans/digitale-wirtschaft/proposals?q=Glasfaser")
    assert "Glasfaser für Gewerbegebiete" in found.text
    old = await client.get("/masterplans/digitale-wirtschaft/proposals?q=Verbindung")
    assert "Glasfaser für Gewerbegebiete" not in old.text


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Ampel", None),
        ("WLAN", "The title needs at least %(min)s characters."),
        ("x" * 201, "The title has %(count)s characters; at most %(max)s are possible."),
        ("   ", "Please enter a title."),
    ],
)
async def test_a_title_needs_five_to_two_hundred_characters(
    client: httpx.AsyncClient, title: str, message: str | None
) -> None:
    proposal = await make_proposal(title="Bürgerbüro online")
    await sign_in_as(client, Role.MODERATOR)
    response = await curate(client, proposal, {"action": "retitle", "title": title})
    if message is None:
        assert response.status_code == 303
        return
    assert response.status_code == 400
    assert shown(message).split("%")[0] in response.text
    assert f'value="{title.strip()}"' in response.text
    assert (await reloaded(proposal)).title == "Bürgerbüro online"


async def test_an_unchanged_title_is_refused(db: None) -> None:
    proposal = await make_proposal(title="Bürgerbüro online")
    with pytest.raises(ValidationFailed) as refused:
        await curation.retitle_proposal(
            proposal=proposal, title="  Bürgerbüro online ", moderator=await make_user()
        )
    assert set(refused.value.errors) == {"title"}
    assert await AuditEntry.filter(action="proposal.retitle").count() == 0


async def test_a_retitle_is_audited_and_the_author_told(db: None) -> None:
    author = await make_user(language="en")
    proposal = await make_proposal(author=author, title="WLAN!!!")
    await curation.retitle_proposal(
        proposal=proposal,
        title="Öffentliches WLAN",
        moderator=await make_user(),
        reason="Klarer",
    )
    entry = await AuditEntry.get(action="proposal.retitle")
    assert (entry.target_id, entry.reason) == (proposal.id, "Klarer")
    assert entry.details == {"old_title": "WLAN!!!", "new_title": "Öffentliches WLAN"}
    notified = await Notification.get(user_id=author.id)
    assert notified.text == "Moderation changed the title of your proposal for clarity."


# The page and who may use it


async def test_the_page_offers_every_field_grouped_by_masterplan(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    bildung = await make_masterplan(title="Digitale Bildung")
    current = await make_field(bildung, title="Schulen")
    await make_field(bildung, title="Hochschulen")
    await make_field(await make_masterplan(title="Digitale Wirtschaft"), title="Handel")
    proposal = await make_proposal(current)
    await sign_in_as(client, Role.MODERATOR)
    detail = await client.get(f"/proposals/{proposal.id}")
    assert f'href="{curate_path(proposal)}"' in detail.text
    count_queries.statements.clear()
    page = await client.get(curate_path(proposal))
    few = count_queries.count
    assert page.status_code == 200
    assert '<optgroup label="Digitale Bildung">' in page.text
    assert '<optgroup label="Digitale Wirtschaft">' in page.text
    assert f'<option value="{current.id}" selected>' in page.text
    assert 'value="' + proposal.title + '"' in page.text
    for n in range(5):
        await make_field(await make_masterplan(title=f"Masterplan {n}"))
    await client.get("/")  # the header reads the new masterplans once, then keeps them
    count_queries.statements.clear()
    await client.get(curate_path(proposal))
    assert count_queries.count == few


async def test_a_citizen_can_neither_open_nor_post_the_page_and_nothing_changes(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    proposal = await make_proposal(field, title="Bürgerbüro online")
    target = await make_field(await field.masterplan)
    citizen: User = await make_person()
    await sign_in(client, citizen)
    assert curate_path(proposal) not in (await client.get(f"/proposals/{proposal.id}")).text
    assert (await client.get(curate_path(proposal))).status_code == 403
    for data in (
        {"action": "move", "field_of_action": str(target.id)},
        {"action": "retitle", "title": "Etwas ganz anderes"},
    ):
        response = await post_form(client, curate_path(proposal), data)
        assert response.status_code == 403
    unchanged = await reloaded(proposal)
    assert (unchanged.title, unchanged.field_of_action_id) == ("Bürgerbüro online", field.id)  # type: ignore[attr-defined]
    assert await AuditEntry.all().count() == 0


async def test_visitors_are_sent_to_sign_in_and_unknown_proposals_are_not_found(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    response = await client.get(curate_path(proposal))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/login")
    await sign_in_as(client, Role.MODERATOR)
    assert (await client.get("/moderation/proposals/999999/curate")).status_code == 404


async def test_a_moderator_stays_on_the_page_after_moving_a_hidden_proposal(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    target = await make_field(await make_masterplan())
    moderator = await sign_in_as(client, Role.MODERATOR)
    await hide_proposal(proposal=proposal, moderator=moderator, reason="Werbung")
    response = await curate(client, proposal, {"action": "move", "field_of_action": str(target.id)})
    assert response.headers["location"] == curate_path(proposal)
    page = await client.get(curate_path(proposal))
    assert shown("The proposal was moved.") in page.text
    assert (await Masterplan.get(proposals__id=proposal.id)).id == target.masterplan_id  # type: ignore[attr-defined]
