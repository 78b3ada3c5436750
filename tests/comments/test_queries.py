from __future__ import annotations

import pytest

from participation.comments.models import Comment, CommentStatus
from participation.comments.queries import THREAD_PAGE, thread
from tests.conftest import QueryCounter
from tests.factories import make_comment, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def test_a_thread_page_is_one_statement_whatever_the_thread_size(
    count_queries: QueryCounter,
) -> None:
    proposal = await make_proposal()
    for size in (8, THREAD_PAGE + 5):
        while await Comment.filter(proposal=proposal, parent=None).count() < size:
            first = await make_comment(proposal)
            second = await make_comment(proposal, parent=first)
            await make_comment(proposal, parent=second)
        count_queries.statements.clear()
        roots = (await thread(proposal)).roots
        assert count_queries.count == 1  # the thread's shape and the comments shown
        assert len(roots) == min(size, THREAD_PAGE)
        assert all(len(root.replies) == 1 and len(root.replies[0].replies) == 1 for root in roots)


async def test_long_threads_come_in_pages_of_conversations() -> None:
    proposal = await make_proposal()
    roots = []
    for index in range(2 * THREAD_PAGE + 5):
        roots.append(await make_comment(proposal, body=f"Beitrag {index}"))
    reply = await make_comment(proposal, parent=roots[-1], body="Antwort ganz hinten")
    first = await thread(proposal)
    assert [node.comment.id for node in first] == [c.id for c in roots[:THREAD_PAGE]]
    assert (first.more, first.next_root, first.next_count) == (
        THREAD_PAGE + 5,
        roots[THREAD_PAGE].id,
        THREAD_PAGE,
    )
    two = await thread(proposal, pages=2)
    assert len(two.roots) == 2 * THREAD_PAGE and two.more == 5 and two.next_count == 5
    # The page that holds a given comment (a notification's link, a reply just written).
    shown = await thread(proposal, showing=reply.id)
    assert shown.more == 0 and shown.roots[-1].replies[0].comment.id == reply.id


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


async def test_replies_under_a_hidden_comment_keep_their_own_conversation_on_its_page() -> None:
    proposal = await make_proposal()
    hidden = await make_comment(proposal, body="versteckt")
    answer = await make_comment(proposal, parent=hidden, body="Antwort")
    deepest = await make_comment(proposal, parent=answer, body="Antwort auf die Antwort")
    await Comment.filter(id=hidden.id).update(status=CommentStatus.HIDDEN)
    later = [await make_comment(proposal, body=f"Beitrag {n}") for n in range(THREAD_PAGE)]
    first = await thread(proposal)
    assert [node.comment.id for node in first][:2] == [answer.id, later[0].id]
    assert [reply.comment.id for reply in first.roots[0].replies] == [deepest.id]
    assert first.more == 1 and first.next_root == later[-1].id
    # The hidden comment's author still sees it, with the conversation under it.
    own = await thread(proposal, await hidden.author)
    assert own.roots[0].comment.id == hidden.id and own.roots[0].replies[0].comment.id == answer.id
    assert own.more == 1 and own.roots[0].replies[0].replies[0].comment.body == deepest.body
