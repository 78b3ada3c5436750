"""What a merge carries over besides the votes, and how an undo takes it back.

- Comments move to the kept proposal with their whole threads: the discussion goes on in one
  place, and the duplicate's page points there. An undo moves them back, with the replies
  written to them on the kept proposal since.
- Followers of the duplicate follow the kept proposal too; co-signing organisations co-sign
  it too. Both stay on the duplicate as well (its page keeps its history). An undo removes
  what the merge added, unless the person or organisation added it again themselves later.

Every counter the pages read (comment, follower and co-signature counts) is recounted from
its table in the same transaction: a merge is rare and a recount cannot drift.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from participation.comments.models import Comment
from participation.comments.services import MAX_DEPTH
from participation.moderation.services import VISIBLE_COMMENT
from participation.notifications.models import Follow
from participation.proposals.models import CoSignature, Proposal

Carried = dict[str, list[int]]


async def carry_over(
    duplicate_id: int, target_id: int, now: datetime, connection: BaseDBAsyncClient
) -> Carried:
    """Move comments, add followers and co-signers; returns what the undo needs."""
    comments = await ids_of(Comment.filter(proposal_id=duplicate_id), "id", connection)
    if comments:
        await Comment.filter(id__in=comments).using_db(connection).update(proposal_id=target_id)
    followers = await ids_of(Follow.filter(proposal_id=duplicate_id), "user_id", connection)
    following = set(await ids_of(Follow.filter(proposal_id=target_id), "user_id", connection))
    new_followers = [user_id for user_id in followers if user_id not in following]
    await Follow.bulk_create(
        [Follow(user_id=u, proposal_id=target_id, created_at=now) for u in new_followers],
        using_db=connection,
    )
    cosigners = await _new_cosigners(duplicate_id, target_id, connection)
    await CoSignature.bulk_create(
        [
            CoSignature(
                proposal_id=target_id,
                organization_id=organization_id,
                signed_by_id=signed_by,
                created_at=now,
            )
            for organization_id, signed_by in cosigners
        ],
        using_db=connection,
    )
    await recount(connection, duplicate_id, target_id)
    return {
        "comments": comments,
        "followers": new_followers,
        "cosigners": [organization_id for organization_id, _ in cosigners],
    }


async def carry_back(
    carried: Carried,
    duplicate_id: int,
    target_id: int,
    merged_at: datetime,
    connection: BaseDBAsyncClient,
) -> None:
    """Undo :func:`carry_over` (merges recorded before it existed carried nothing)."""
    comments = await _threads(carried.get("comments", []), target_id, connection)
    if comments:
        await (
            Comment.filter(id__in=comments, proposal_id=target_id)
            .using_db(connection)
            .update(proposal_id=duplicate_id)
        )
    added = {"created_at__lte": merged_at, "proposal_id": target_id}
    if carried.get("followers"):
        await Follow.filter(user_id__in=carried["followers"], **added).using_db(connection).delete()
    if carried.get("cosigners"):
        await (
            CoSignature.filter(organization_id__in=carried["cosigners"], **added)
            .using_db(connection)
            .delete()
        )
    await recount(connection, duplicate_id, target_id)


async def recount(connection: BaseDBAsyncClient, *proposal_ids: int) -> None:
    """Comment, follower and co-signature counters from their tables."""
    for proposal_id in proposal_ids:
        await (
            Proposal.filter(id=proposal_id)
            .using_db(connection)
            .update(
                comment_count=await Comment.filter(
                    proposal_id=proposal_id, status__in=VISIBLE_COMMENT
                )
                .using_db(connection)
                .count(),
                follower_count=await Follow.filter(proposal_id=proposal_id)
                .using_db(connection)
                .count(),
                cosign_count=await CoSignature.filter(proposal_id=proposal_id)
                .using_db(connection)
                .count(),
            )
        )


async def _new_cosigners(
    duplicate_id: int, target_id: int, connection: BaseDBAsyncClient
) -> list[tuple[int, int | None]]:
    """(organisation, signed by) of the duplicate's co-signers that do not co-sign the target
    and did not write it."""
    target = await Proposal.filter(id=target_id).using_db(connection).get()
    signing = set(
        await ids_of(CoSignature.filter(proposal_id=target_id), "organization_id", connection)
    )
    signing.add(target.organization_id)  # type: ignore[attr-defined]
    rows = await (
        CoSignature.filter(proposal_id=duplicate_id)
        .using_db(connection)
        .order_by("id")
        .values_list("organization_id", "signed_by_id")
    )
    return [(int(org), user) for org, user in rows if org not in signing]


async def _threads(
    comment_ids: list[int], target_id: int, connection: BaseDBAsyncClient
) -> list[int]:
    """The moved comments and every reply written to them since (a thread stays whole)."""
    found, frontier = list(comment_ids), list(comment_ids)
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        frontier = await ids_of(
            Comment.filter(proposal_id=target_id, parent_id__in=frontier).exclude(id__in=found),
            "id",
            connection,
        )
        found.extend(frontier)
    return found


async def ids_of(
    query: QuerySet[Any], column: str, connection: BaseDBAsyncClient | None = None
) -> list[int]:
    """One integer column of the rows ``query`` finds, in its order, without empty ones."""
    if connection is not None:
        query = query.using_db(connection)
    rows = await query.order_by(column).values(column)
    return [int(row[column]) for row in rows if row[column] is not None]
