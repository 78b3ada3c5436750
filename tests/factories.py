"""Factories for every model; records are made through the services where one exists."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Role,
    StakeholderGroup,
    User,
)
from participation.comments.models import Comment
from participation.comments.services import post_comment
from participation.masterplans.models import FieldOfAction, Masterplan, Phase, PhasePeriod
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.services import submit_proposal
from participation.votes.services import Outcome, cast_vote

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


async def make_masterplan(**overrides: object) -> Masterplan:
    n = _next()
    values: dict[str, object] = {
        "slug": f"masterplan-{n}",
        "title": f"Masterplan {n}",
        "summary": "Worum es geht.",
        "lead_department": "Stadt Dortmund",
        "phase": Phase.COLLECTION,
        "position": n,
    }
    values.update(overrides)
    return await Masterplan.create(**values)


async def make_phase_period(masterplan: Masterplan, **overrides: object) -> PhasePeriod:
    values: dict[str, object] = {
        "phase": Phase.COLLECTION,
        "starts_on": datetime(2026, 11, 1, tzinfo=UTC).date(),
    }
    values.update(overrides)
    return await PhasePeriod.create(masterplan=masterplan, **values)


async def make_field(masterplan: Masterplan | None = None, **overrides: object) -> FieldOfAction:
    n = _next()
    masterplan = masterplan or await make_masterplan()
    values: dict[str, object] = {"slug": f"feld-{n}", "title": f"Handlungsfeld {n}", "position": n}
    values.update(overrides)
    return await FieldOfAction.create(masterplan=masterplan, **values)


async def make_organization(**overrides: object) -> Organization:
    n = _next()
    values: dict[str, object] = {
        "slug": f"org-{n}",
        "name": f"Organisation {n}",
        "kind": OrganizationKind.CHAMBER,
        "verified": True,
    }
    values.update(overrides)
    return await Organization.create(**values)


async def make_user(organization: Organization | None = None, **overrides: object) -> User:
    n = _next()
    values: dict[str, object] = {
        "email": f"person{n}@example.org",
        "display_name": f"Person {n}",
        "role": Role.PARTNER if organization else Role.CITIZEN,
    }
    values.update(overrides)
    user = await User.create(**values)
    if organization is not None:
        await Membership.create(
            user=user, organization=organization, status=MembershipStatus.CONFIRMED
        )
    return user


async def make_proposal(
    field_of_action: FieldOfAction | None = None,
    author: User | None = None,
    *,
    group: StakeholderGroup = StakeholderGroup.CITIZENS,
    status: ProposalStatus = ProposalStatus.PUBLISHED,
    **overrides: object,
) -> Proposal:
    n = _next()
    field_of_action = field_of_action or await make_field()
    values: dict[str, object] = {"title": f"Vorschlag {n}", "body": "Ein konkreter Vorschlag."}
    values.update(overrides)
    return await submit_proposal(
        field_of_action=field_of_action,
        author=author or await make_user(),
        group=group,
        status=status,
        **values,  # type: ignore[arg-type]
    )


async def make_comment(
    proposal: Proposal,
    author: User | None = None,
    parent: Comment | None = None,
    body: str = "Ein Kommentar.",
) -> Comment:
    return await post_comment(
        proposal=proposal, author=author or await make_user(), body=body, parent=parent
    )


async def make_vote(
    proposal: Proposal,
    voter: User | None = None,
    value: int = 1,
    group: StakeholderGroup = StakeholderGroup.CITIZENS,
) -> Outcome:
    return await cast_vote(
        proposal=proposal, voter=voter or await make_user(), value=value, group=group
    )


async def add_votes(
    proposal: Proposal, group: StakeholderGroup, supports: int, opposes: int
) -> None:
    for index in range(supports + opposes):
        await make_vote(proposal, value=1 if index < supports else -1, group=group)
