from __future__ import annotations

import json

import httpx
import pytest
from tortoise import Tortoise, connections

from participation.accounts.models import Invitation, StakeholderGroup, User
from participation.comments.models import Comment
from participation.mail.services import enqueue_mail
from participation.notifications.services import follow
from participation.proposals.models import Proposal
from participation.votes.models import Vote, VoteTally
from tests.auth import PASSWORD, make_person, post_form, sign_in
from tests.factories import make_comment, make_organization, make_proposal, make_vote

pytestmark = pytest.mark.usefixtures("db")


async def _active_person(client: httpx.AsyncClient) -> tuple[User, Proposal]:
    ihk = await make_organization(name="IHK zu Dortmund")
    user = await make_person(
        ihk, email="claudia.rensing@example.org", display_name="Claudia Rensing"
    )
    own = await make_proposal(
        author=user,
        title="Gigabit für Gewerbegebiete",
        group=StakeholderGroup.CHAMBERS,
        organization=ihk,
    )
    other = await make_proposal(title="Open Data Portal")
    await make_vote(own, voter=user, group=StakeholderGroup.CHAMBERS)
    await make_vote(other, voter=user, value=-1, group=StakeholderGroup.CHAMBERS)
    await make_comment(other, author=user, body="Bitte mit offenen Schnittstellen.")
    await Invitation.create(
        organization=ihk, email=user.email, token_hash="a" * 64, expires_at=user.created_at
    )
    await enqueue_mail(recipient=user.email or "", subject="Hinweis", body="Text", user=user)
    await follow(user=user, proposal=other)
    await sign_in(client, user)
    return user, own


async def test_data_download_holds_everything_about_the_person(
    client: httpx.AsyncClient,
) -> None:
    await _active_person(client)
    response = await client.get("/account/data/download")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    data = json.loads(response.text)
    assert data["profile"]["email"] == "claudia.rensing@example.org"
    assert data["memberships"][0]["organization"] == "IHK zu Dortmund"
    assert [p["title"] for p in data["proposals"]] == ["Gigabit für Gewerbegebiete"]
    assert data["comments"][0]["body"] == "Bitte mit offenen Schnittstellen."
    assert sorted(v["vote"] for v in data["votes"]) == ["oppose", "support"]
    assert data["emails"][0]["subject"] == "Hinweis"
    assert "notifications" in data and "follows" in data


async def _all_text_in_database() -> str:
    """Every value of every column of every table, as one string."""
    connection = connections.get("default")
    tables = [model._meta.db_table for model in Tortoise.apps["participation"].values()]
    tables += ["masterplan_planner"]
    dump = []
    for table in tables:
        rows = await connection.execute_query_dict(f'SELECT * FROM "{table}"')
        dump.extend(str(value) for row in rows for value in row.values())
    return "\n".join(dump)


async def test_deleting_the_account_erases_the_person_and_keeps_every_count(
    client: httpx.AsyncClient,
) -> None:
    user, own = await _active_person(client)
    followed = await Proposal.get(title="Open Data Portal")
    assert followed.follower_count == 1
    before = [
        (p.id, p.supports, p.opposes, p.vote_count, p.comment_count)
        for p in await Proposal.all().order_by("id")
    ]
    tallies = [(t.id, t.supports, t.opposes) for t in await VoteTally.all().order_by("id")]
    assert "claudia.rensing@example.org" in await _all_text_in_database()

    wrong = await post_form(client, "/account/delete", {"password": "falsch"})
    assert wrong.status_code == 400 and await User.exists(id=user.id)
    response = await post_form(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 303

    assert not await User.exists(id=user.id)
    text = await _all_text_in_database()
    assert "claudia.rensing@example.org" not in text and "Claudia Rensing" not in text
    assert before == [
        (p.id, p.supports, p.opposes, p.vote_count, p.comment_count)
        for p in await Proposal.all().order_by("id")
    ]
    assert tallies == [(t.id, t.supports, t.opposes) for t in await VoteTally.all().order_by("id")]
    assert (await Proposal.get(id=followed.id)).follower_count == 0  # the person is gone
    assert await Vote.filter(voter_id=None).count() == 2
    assert await Comment.filter(author_id=None).count() == 1
    page = await client.get(f"/proposals/{own.id}")
    assert "IHK zu Dortmund" in page.text  # the organisation's position stays its own
    comment_page = (await client.get(f"/proposals/{(await Comment.first()).proposal_id}")).text  # type: ignore[union-attr, attr-defined]
    assert "gelöschtes Konto" in comment_page
    assert "Claudia Rensing" not in page.text
    assert (await client.get("/account/profile")).status_code == 303  # signed out
