"""A masterplan with two fields of action, proposals of partners and citizens with votes by
group, a co-signature, a formula-like title, a hidden proposal, and a published draft whose
two sections take the best one up: what the export tests read back."""

from __future__ import annotations

from collections.abc import AsyncIterator

from participation.accounts.models import Membership, Role, StakeholderGroup
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import drafts, links
from participation.proposals.cosigning import cosign
from participation.proposals.models import Proposal, ProposalStatus
from tests.factories import add_votes, make_field, make_organization, make_proposal, make_user

BASE = "https://beteiligung.example"


async def ranked_scene() -> tuple[Masterplan, FieldOfAction, FieldOfAction, list[Proposal]]:
    broadband = await make_field(title="Glasfaser")
    masterplan = await broadband.masterplan
    schools = await make_field(masterplan, title="Schulen")
    chamber = await make_organization(name="IHK zu Dortmund")
    partner = await make_user(chamber)
    first = await make_proposal(
        broadband, partner, organization=chamber, title="Gigabit für „Gewerbegebiete“ & Häfen"
    )
    second = await make_proposal(schools, title="=WLAN in allen Schulen")  # formula-like
    await make_proposal(broadband, title="Glasfaser für Höfe")
    await make_proposal(broadband, title="Versteckt", status=ProposalStatus.HIDDEN)
    await add_votes(first, StakeholderGroup.CHAMBERS, supports=3, opposes=0)
    await add_votes(first, StakeholderGroup.CITIZENS, supports=10, opposes=2)
    await add_votes(second, StakeholderGroup.CITIZENS, supports=4, opposes=4)
    university = await make_organization(name="TU Dortmund")
    member = await make_user(university)
    membership = await Membership.get(user_id=member.id)
    await cosign(proposal=second, member=member, membership=membership)
    planner = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Gigabit-Stadt", body="", by=planner)
    harbour = await drafts.add_section(version=version, title="Hafen digital", body="", by=planner)
    await links.link_proposal(
        section=section, proposal=first, disposition="adopted", note="", by=planner
    )
    await links.link_proposal(
        section=harbour, proposal=first, disposition="considered", note="Häfen", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    ranked = await Proposal.filter(
        masterplan_id=masterplan.id, status=ProposalStatus.PUBLISHED
    ).order_by("-wilson", "-vote_count", "id")
    return masterplan, broadband, schools, ranked


async def read(body: AsyncIterator[str] | AsyncIterator[bytes]) -> bytes:
    parts = [piece if isinstance(piece, bytes) else piece.encode() async for piece in body]
    return b"".join(parts)
