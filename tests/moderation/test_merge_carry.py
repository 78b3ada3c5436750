"""What a merge carries over besides votes (comments, followers, co-signers), who is told,
and how an undo takes it all back."""

from __future__ import annotations

import pytest

from participation.accounts.models import Membership, Organization, User
from participation.comments.models import Comment
from participation.moderation.merging import merge_proposals, undo_merge
from participation.notifications.models import Follow, Notification, NotificationKind
from participation.notifications.services import follow, unfollow
from participation.proposals.cosigning import cosign
from participation.proposals.models import CoSignature, Proposal
from tests.factories import (
    make_comment,
    make_field,
    make_organization,
    make_proposal,
    make_user,
    make_vote,
)

pytestmark = pytest.mark.usefixtures("db")


async def _cosign(proposal: Proposal, organization: Organization) -> None:
    member = await make_user(organization)
    membership = await Membership.get(user_id=member.id)
    await cosign(proposal=proposal, member=member, membership=membership)


async def _counters(proposal: Proposal) -> tuple[int, int, int]:
    fresh = await Proposal.get(id=proposal.id)
    return fresh.comment_count, fresh.follower_count, fresh.cosign_count


async def _comment_homes(*comments: Comment) -> list[int]:
    return [(await Comment.get(id=c.id)).proposal_id for c in comments]  # type: ignore[attr-defined]


async def test_comments_move_with_their_replies_and_both_counters_follow() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    question = await make_comment(duplicate, body="Wer soll das bezahlen?")
    answer = await make_comment(duplicate, parent=question, body="Das Land fördert es.")
    own = await make_comment(target, body="Gute Idee.")

    await merge_proposals(duplicate=duplicate, into=target, moderator=await make_user())

    assert await _comment_homes(question, answer, own) == [target.id] * 3
    assert (await Comment.get(id=answer.id)).parent_id == question.id  # type: ignore[attr-defined]
    assert (await _counters(target))[0] == 3
    assert (await _counters(duplicate))[0] == 0


async def test_undo_moves_comments_back_with_replies_written_since() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    question = await make_comment(duplicate, body="Wer soll das bezahlen?")
    own = await make_comment(target, body="Gute Idee.")
    moderator = await make_user()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    moved = await Comment.get(id=question.id)
    later_reply = await make_comment(target, parent=moved, body="Das Land fördert es.")
    later_comment = await make_comment(target, body="Noch ein Gedanke.")

    await undo_merge(merge=merge, moderator=moderator)

    homes = await _comment_homes(question, later_reply, own, later_comment)
    assert homes == [duplicate.id, duplicate.id, target.id, target.id]
    assert (await _counters(duplicate))[0] == 2
    assert (await _counters(target))[0] == 2


async def test_followers_of_the_duplicate_follow_the_kept_proposal_and_the_undo_takes_it_back() -> (
    None
):
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    only_duplicate, both, only_target = await make_user(), await make_user(), await make_user()
    for user, proposal in ((only_duplicate, duplicate), (both, duplicate), (both, target)):
        await follow(user=user, proposal=proposal)
    await follow(user=only_target, proposal=target)
    moderator = await make_user()

    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)

    following = set(await Follow.filter(proposal_id=target.id).values_list("user_id", flat=True))
    assert following == {only_duplicate.id, both.id, only_target.id}
    assert (await _counters(target))[1] == 3
    assert (await _counters(duplicate))[1] == 2  # the duplicate's page keeps its followers

    await undo_merge(merge=merge, moderator=moderator)

    following = set(await Follow.filter(proposal_id=target.id).values_list("user_id", flat=True))
    assert following == {both.id, only_target.id}
    assert (await _counters(target))[1] == 2


async def test_a_follow_renewed_after_the_merge_survives_the_undo() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    reader = await make_user()
    await follow(user=reader, proposal=duplicate)
    moderator = await make_user()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    await unfollow(user=reader, proposal=target)
    await follow(user=reader, proposal=target)  # now of the reader's own accord

    await undo_merge(merge=merge, moderator=moderator)

    assert await Follow.exists(user_id=reader.id, proposal_id=target.id)


async def test_co_signers_of_the_duplicate_co_sign_the_kept_proposal_until_an_undo() -> None:
    field = await make_field()
    chamber, university = await make_organization(), await make_organization()
    author_org = await make_organization()
    author = await make_user(author_org)
    duplicate = await make_proposal(field)
    target = await make_proposal(field, author=author, organization=author_org)
    await _cosign(duplicate, chamber)
    await _cosign(duplicate, university)
    await _cosign(duplicate, author_org)  # wrote the target: does not co-sign its own
    await _cosign(target, university)
    moderator = await make_user()

    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)

    signing = await CoSignature.filter(proposal_id=target.id).values_list(
        "organization_id", flat=True
    )
    assert sorted(signing) == sorted([university.id, chamber.id])
    assert (await _counters(target))[2] == 2
    assert (await _counters(duplicate))[2] == 3

    await undo_merge(merge=merge, moderator=moderator)

    signing = await CoSignature.filter(proposal_id=target.id).values_list(
        "organization_id", flat=True
    )
    assert list(signing) == [university.id]
    assert (await _counters(target))[2] == 1


async def _told(user: User) -> list[str]:
    notes = await Notification.filter(user_id=user.id, kind=NotificationKind.MERGED).order_by("id")
    return [note.text for note in notes]


async def test_both_authors_supporters_and_followers_are_told_each_once() -> None:
    field = await make_field()
    duplicate_author, target_author = await make_user(), await make_user()
    duplicate = await make_proposal(field, author=duplicate_author, title="Radwege am See")
    target = await make_proposal(field, author=target_author, title="Mehr Radwege")
    supporter, reader, bystander = await make_user(), await make_user(), await make_user()
    await make_vote(duplicate, supporter, 1)
    await make_vote(duplicate, duplicate_author, 1)  # an author who supports: told as author
    await follow(user=reader, proposal=duplicate)
    await follow(user=supporter, proposal=duplicate)
    await make_vote(target, bystander, 1)

    await merge_proposals(duplicate=duplicate, into=target, moderator=await make_user())

    assert await _told(duplicate_author) == [
        "Ihr Vorschlag „Radwege am See“ wurde mit „Mehr Radwege“ zusammengeführt, der fast "
        "dasselbe fordert. Seine Unterstützungen und Kommentare zählen jetzt dort, und wer ihm "
        "folgte, folgt nun auch „Mehr Radwege“; Ihr Vorschlag bleibt lesbar und verweist darauf."
    ]
    assert await _told(target_author) == [
        "„Radwege am See“ wurde mit Ihrem Vorschlag „Mehr Radwege“ zusammengeführt. Seine "
        "Unterstützungen und Kommentare zählen jetzt für Ihren Vorschlag, niemand doppelt, und "
        "wer ihm folgte, folgt nun auch Ihrem."
    ]
    (supporter_note,) = await _told(supporter)
    assert supporter_note.startswith("„Radwege am See“, den Sie unterstützen,")
    (reader_note,) = await _told(reader)
    assert reader_note.endswith("Sie folgen jetzt auch „Mehr Radwege“.")
    assert await _told(bystander) == []


async def test_an_undo_tells_the_authors_and_the_supporters_whose_votes_went_back() -> None:
    field = await make_field()
    duplicate_author, target_author = await make_user(), await make_user()
    duplicate = await make_proposal(field, author=duplicate_author, title="Radwege am See")
    target = await make_proposal(field, author=target_author, title="Mehr Radwege")
    supporter = await make_user()
    await make_vote(duplicate, supporter, 1)
    moderator = await make_user()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)

    await undo_merge(merge=merge, moderator=moderator)

    for person in (duplicate_author, target_author, supporter):
        assert (await _told(person))[-1] == (
            "Die Moderation hat die Zusammenführung von „Radwege am See“ mit „Mehr Radwege“ "
            "rückgängig gemacht: „Radwege am See“ steht wieder für sich, mit seinen "
            "Unterstützungen und Kommentaren."
        )
