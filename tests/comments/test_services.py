from __future__ import annotations

import pytest

from participation.comments.models import Comment, CommentStatus
from participation.comments.services import (
    CommentError,
    delete_comment,
    edit_comment,
    post_comment,
)
from participation.forms import ValidationFailed
from participation.proposals.models import Proposal
from tests.factories import make_comment, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def _count(proposal: Proposal) -> int:
    await proposal.refresh_from_db(fields=["comment_count"])
    return proposal.comment_count


async def test_a_reply_is_one_level_deeper_than_its_parent_up_to_three() -> None:
    proposal = await make_proposal()
    first = await make_comment(proposal)
    second = await make_comment(proposal, parent=first)
    third = await make_comment(proposal, parent=second)
    assert (first.depth, second.depth, third.depth) == (1, 2, 3)
    with pytest.raises(CommentError):
        await make_comment(proposal, parent=third)
    assert await _count(proposal) == 3 == await Comment.filter(proposal_id=proposal.id).count()


async def test_a_deleted_comment_cannot_be_answered_but_its_replies_stay() -> None:
    proposal = await make_proposal()
    parent = await make_comment(proposal)
    await make_comment(proposal, parent=parent)
    await delete_comment(comment=parent)
    with pytest.raises(CommentError):
        await make_comment(proposal, parent=parent)
    assert await Comment.filter(parent_id=parent.id).count() == 1
    assert (await Comment.get(id=parent.id)).status == CommentStatus.DELETED
    assert await _count(proposal) == 2


async def test_a_reply_to_a_comment_of_another_proposal_is_refused() -> None:
    elsewhere = await make_comment(await make_proposal())
    with pytest.raises(CommentError):
        await make_comment(await make_proposal(), parent=elsewhere)


@pytest.mark.parametrize("body", ["", "   \n\n ", "x" * 5_001])
async def test_empty_or_too_long_text_is_refused_and_nothing_is_counted(body: str) -> None:
    proposal = await make_proposal()
    with pytest.raises(ValidationFailed) as refused:
        await post_comment(proposal=proposal, author=await make_user(), body=body)
    assert set(refused.value.errors) == {"body"}
    assert await _count(proposal) == 0


async def test_editing_replaces_the_text_and_marks_the_comment_edited() -> None:
    comment = await make_comment(await make_proposal(), body="Alt")
    await edit_comment(comment=comment, body="  Neu\r\nZeile  ")
    stored = await Comment.get(id=comment.id)
    assert stored.body == "Neu\nZeile" and stored.edited_at is not None
