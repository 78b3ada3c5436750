from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation.comments.models import Comment, CommentStatus
from participation.comments.permissions import (
    can_delete_comment,
    can_edit_comment,
    can_reply,
)
from participation.i18n import gettext
from participation.masterplans.models import Phase
from participation.proposals.models import Proposal
from tests.auth import make_person
from tests.factories import make_comment, make_field, make_masterplan, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def _proposal(phase: Phase = Phase.COLLECTION) -> Proposal:
    proposal = await make_proposal(await make_field(await make_masterplan(phase=phase)))
    await proposal.fetch_related("masterplan")
    return proposal


@pytest.mark.parametrize(
    ("phase", "allowed"),
    [
        (Phase.PREPARATION, False),
        (Phase.COLLECTION, True),
        (Phase.EVALUATION, True),
        (Phase.DRAFTING, False),
        (Phase.CONSULTATION, False),
        (Phase.ADOPTED, False),
    ],
)
async def test_replies_are_open_in_the_phases_that_open_comments(
    phase: Phase, allowed: bool
) -> None:
    proposal = await _proposal(phase)
    comment = await make_comment(proposal)
    decision = can_reply(await make_person(), comment, proposal, proposal.masterplan)
    assert bool(decision) is allowed
    assert bool(decision.reason) is not allowed


async def test_reply_is_refused_to_visitors_at_depth_three_and_on_deleted_comments() -> None:
    proposal = await _proposal()
    person = await make_person()
    first = await make_comment(proposal)
    second = await make_comment(proposal, parent=first)
    third = await make_comment(proposal, parent=second)
    assert not can_reply(None, first, proposal, proposal.masterplan)
    assert can_reply(person, second, proposal, proposal.masterplan)
    assert can_reply(person, third, proposal, proposal.masterplan).reason == gettext(
        "Replies go at most three levels deep: please answer the comment above instead."
    )
    await Comment.filter(id=first.id).update(status=CommentStatus.DELETED)
    await first.refresh_from_db()
    assert not can_reply(person, first, proposal, proposal.masterplan)


async def test_only_the_author_changes_a_comment_and_only_for_fifteen_minutes() -> None:
    author, other = await make_person(), await make_person()
    comment = await make_comment(await _proposal(), author=author)
    now = comment.created_at
    assert can_edit_comment(author, comment, now + timedelta(minutes=15))
    assert not can_edit_comment(author, comment, now + timedelta(minutes=15, seconds=1))
    assert not can_edit_comment(other, comment, now)
    assert not can_edit_comment(None, comment, now)


async def test_suspended_author_cannot_change_a_comment() -> None:
    author = await make_person()
    comment = await make_comment(await _proposal(), author=author)
    author.suspended_until = datetime.now(UTC) + timedelta(days=3)
    assert not can_edit_comment(author, comment, datetime.now(UTC))


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (CommentStatus.PUBLISHED, True),
        (CommentStatus.PENDING, True),
        (CommentStatus.HIDDEN, False),
        (CommentStatus.DELETED, False),
    ],
)
async def test_the_author_deletes_a_comment_unless_moderated_or_deleted(
    status: CommentStatus, allowed: bool
) -> None:
    author = await make_person()
    comment = await make_comment(await _proposal(), author=author)
    comment.status = status
    assert bool(can_delete_comment(author, comment)) is allowed
    assert not can_delete_comment(await make_person(), comment)
    assert not can_delete_comment(None, comment)
