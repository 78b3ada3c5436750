from __future__ import annotations

import pytest

from participation.comments.models import Comment, CommentStatus
from participation.comments.queries import thread
from tests.conftest import QueryCounter
from tests.factories import make_comment, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def test_the_whole_thread_is_one_query_whatever_its_size(
    count_queries: QueryCounter,
) -> None:
    proposal = await make_proposal()
    for _ in range(8):
        first = await make_comment(proposal)
        second = await make_comment(proposal, parent=first)
        await make_comment(proposal, parent=second)
    count_queries.statements.clear()
    roots = await thread(proposal)
    assert count_queries.count == 1
    assert len(roots) == 8
    assert all(len(root.replies) == 1 and len(root.replies[0].replies) == 1 for root in roots)


async def test_hidden_and_pending_comments_are_left_out_and_deleted_ones_stay() -> None:
    proposal = await make_proposal()
    kept = await make_comment(proposal, body="bleibt")
    deleted = await make_comment(proposal, body="gelöscht")
    hidden = await make_comment(proposal, body="versteckt")
    orphan = await make_comment(proposal, parent=hidden, body="Antwort auf Verstecktes")
    pending = await make_comment(proposal, body="wartet")
    await Comment.filter(id=deleted.id).update(status=CommentStatus.DELETED)
    await Comment.filter(id=hidden.id).update(status=CommentStatus.HIDDEN)
    await Comment.filter(id=pending.id).update(status=CommentStatus.PENDING)
    ids = [node.comment.id for node in await thread(proposal)]
    assert ids == [kept.id, deleted.id, orphan.id]  # the orphaned reply stands on its own
