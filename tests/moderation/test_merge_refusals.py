"""Every merge or undo the domain refuses says why, in German by default, and changes no row."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise.models import Model

from participation.accounts.models import StakeholderGroup, User
from participation.comments.models import Comment
from participation.i18n import language
from participation.masterplans.models import FieldOfAction
from participation.moderation.merging import MergeError, merge_proposals, undo_merge
from participation.moderation.models import AuditEntry, Merge, StatusChange
from participation.notifications.models import Follow, Notification
from participation.proposals.models import CoSignature, Proposal, ProposalStatus
from participation.votes.models import Vote, VoteTally
from participation.votes.services import cast_vote
from tests.factories import make_comment, make_field, make_proposal, make_user, make_vote

pytestmark = pytest.mark.usefixtures("db")

TABLES: tuple[type[Model], ...] = (
    Proposal,
    Vote,
    VoteTally,
    Comment,
    Follow,
    CoSignature,
    Merge,
    StatusChange,
    AuditEntry,
    Notification,
    FieldOfAction,
)


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row a merge or an undo could touch."""
    return {model.__name__: await model.all().order_by("id").values() for model in TABLES}


async def _pair() -> tuple[Proposal, Proposal, User]:
    field = await make_field()
    duplicate = await make_proposal(field, title="Radwege am Phoenix-See ausbauen")
    target = await make_proposal(field, title="Mehr Radwege im Dortmunder Süden")
    await make_vote(duplicate)
    await make_vote(target)
    await make_comment(duplicate)
    return duplicate, target, await make_user(display_name="Moderatorin")


async def _refused_merge(duplicate: Proposal, into: Proposal, moderator: User) -> str:
    before = await snapshot()
    with pytest.raises(MergeError) as refused:
        await merge_proposals(duplicate=duplicate, into=into, moderator=moderator)
    assert await snapshot() == before
    return str(refused.value)


async def test_merging_a_proposal_into_itself_is_refused_and_changes_nothing() -> None:
    duplicate, _, moderator = await _pair()
    message = await _refused_merge(duplicate, duplicate, moderator)
    assert message == "Ein Vorschlag kann nicht mit sich selbst zusammengeführt werden."


async def test_merging_into_a_proposal_of_another_masterplan_is_refused() -> None:
    duplicate, _, moderator = await _pair()
    elsewhere = await make_proposal(title="Radwege am Phoenix-See ausbauen")

    message = await _refused_merge(duplicate, elsewhere, moderator)

    assert "nur Vorschläge desselben Masterplans" in message
    assert "„Radwege am Phoenix-See ausbauen“" in message


async def test_merging_into_or_from_a_proposal_merged_already_is_refused() -> None:
    duplicate, target, moderator = await _pair()
    third = await make_proposal(await target.field_of_action, title="Radwege überall")
    await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)

    into_merged = await _refused_merge(third, duplicate, moderator)
    from_merged = await _refused_merge(duplicate, third, moderator)

    expected = (
        "„Radwege am Phoenix-See ausbauen“ wurde bereits mit einem anderen Vorschlag "
        f"zusammengeführt (Nr. {target.id})."
    )
    assert into_merged == from_merged == expected


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (ProposalStatus.HIDDEN, "Ausgeblendet"),
        (ProposalStatus.WITHDRAWN, "Zurückgezogen"),
        (ProposalStatus.PENDING, "Wartet auf Moderation"),
    ],
)
async def test_merging_a_hidden_withdrawn_or_pending_proposal_is_refused_either_way(
    status: ProposalStatus, label: str
) -> None:
    duplicate, target, moderator = await _pair()
    unlisted = await make_proposal(
        await target.field_of_action, title="Nicht sichtbar", status=status
    )

    as_duplicate = await _refused_merge(unlisted, target, moderator)
    as_target = await _refused_merge(duplicate, unlisted, moderator)

    assert as_duplicate == as_target
    assert as_duplicate.startswith(
        f"„Nicht sichtbar“ lässt sich nicht zusammenführen, sein Status ist „{label}“"
    )


async def test_refusals_are_in_the_language_of_the_reader() -> None:
    duplicate, _, moderator = await _pair()
    with language("en"), pytest.raises(MergeError) as refused:
        await merge_proposals(duplicate=duplicate, into=duplicate, moderator=moderator)
    assert str(refused.value) == "A proposal cannot be merged into itself."


async def test_undoing_a_merge_twice_is_refused_and_changes_nothing() -> None:
    duplicate, target, moderator = await _pair()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    await undo_merge(merge=merge, moderator=moderator)
    before = await snapshot()

    with pytest.raises(MergeError) as refused:
        await undo_merge(merge=merge, moderator=moderator)

    assert str(refused.value) == "Diese Zusammenführung wurde bereits rückgängig gemacht."
    assert await snapshot() == before


async def test_undoing_after_a_vote_changed_is_refused_and_changes_nothing() -> None:
    duplicate, target, moderator = await _pair()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    await cast_vote(
        proposal=target, voter=await make_user(), value=1, group=StakeholderGroup.CITIZENS
    )
    before = await snapshot()

    with pytest.raises(MergeError) as refused:
        await undo_merge(merge=merge, moderator=moderator)

    assert str(refused.value).startswith("Seit der Zusammenführung haben sich Stimmen")
    assert await snapshot() == before


async def test_undoing_while_the_kept_proposal_is_merged_itself_is_refused() -> None:
    duplicate, target, moderator = await _pair()
    third = await make_proposal(await target.field_of_action, title="Radwege überall")
    first = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    await merge_proposals(duplicate=target, into=third, moderator=moderator)
    before = await snapshot()

    with pytest.raises(MergeError) as refused:
        await undo_merge(merge=first, moderator=moderator)

    assert str(refused.value) == (
        "„Mehr Radwege im Dortmunder Süden“ wurde inzwischen selbst mit einem anderen "
        "Vorschlag zusammengeführt; machen Sie zuerst diese Zusammenführung rückgängig."
    )
    assert await snapshot() == before
