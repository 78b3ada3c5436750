"""An archived masterplan is read-only everywhere, says why on every closed action, and keeps
every contribution reachable by its link."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import MembershipStatus, Role
from participation.forms import ValidationFailed
from participation.masterplans.models import FieldOfAction, Masterplan, Phase
from participation.masterplans.permissions import ARCHIVED_BECAUSE, Activity, closed_reason
from participation.planning import consultation, drafts, links
from participation.planning.models import DraftSection, InputLink, SectionComment
from participation.proposals import permissions
from participation.proposals.models import Proposal
from participation.votes.models import Vote
from tests.auth import make_person, shown, sign_in
from tests.factories import make_comment, make_field, make_organization, make_proposal
from tests.masterplans.refusals import refused

pytestmark = pytest.mark.usefixtures("db")


async def archive(masterplan: Masterplan) -> Masterplan:
    await Masterplan.filter(id=masterplan.id).update(archived_at=datetime.now(UTC))
    await masterplan.refresh_from_db()
    return masterplan


async def a_proposal(phase: Phase = Phase.COLLECTION) -> tuple[Masterplan, Proposal]:
    field = await make_field()
    masterplan = await field.masterplan
    await Masterplan.filter(id=masterplan.id).update(phase=phase)
    await masterplan.refresh_from_db()
    author = await make_person()
    return masterplan, await make_proposal(field, author, title="Offene Daten für alle")


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("activity", list(Activity))
async def test_archived_closes_every_activity_in_every_phase_and_says_why(
    phase: Phase, activity: Activity
) -> None:
    masterplan, _ = await a_proposal(phase)
    await archive(masterplan)
    assert closed_reason(masterplan, activity) == shown(ARCHIVED_BECAUSE)


async def test_every_participant_action_asks_the_archive_and_gives_its_reason() -> None:
    masterplan, proposal = await a_proposal()
    chamber = await make_organization()
    partner = await make_person(chamber, role=Role.PARTNER)
    membership = await partner.memberships.all().first()
    assert membership is not None and membership.status == MembershipStatus.CONFIRMED
    other = await make_proposal(await make_field(masterplan))
    author = await proposal.author
    assert author is not None
    open_now = [
        permissions.can_submit(partner, masterplan),
        permissions.can_vote(partner, proposal, masterplan),
        permissions.can_comment(partner, proposal, masterplan),
        permissions.can_cosign(partner, other, masterplan, membership),
        permissions.can_edit(author, proposal, masterplan),
    ]
    assert all(open_now)
    await archive(masterplan)
    closed = [
        permissions.can_submit(partner, masterplan),
        permissions.can_vote(partner, proposal, masterplan),
        permissions.can_comment(partner, proposal, masterplan),
        permissions.can_cosign(partner, other, masterplan, membership),
        permissions.can_edit(author, proposal, masterplan),
    ]
    assert [d.reason for d in closed] == [shown(ARCHIVED_BECAUSE)] * 5


async def test_a_vote_and_a_comment_on_an_archived_masterplan_are_refused_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    masterplan, proposal = await a_proposal()
    await make_comment(proposal)
    await archive(masterplan)
    await sign_in(client, await make_person())
    page = await refused(client, f"/proposals/{proposal.id}/vote", {"value": "1"}, status=403)
    assert shown(ARCHIVED_BECAUSE) in page.text
    page = await refused(
        client, f"/proposals/{proposal.id}/comments", {"body": "Noch ein Gedanke"}, status=403
    )
    assert shown(ARCHIVED_BECAUSE) in page.text
    assert not await Vote.exists(proposal_id=proposal.id)
    detail = await client.get(f"/proposals/{proposal.id}")
    assert detail.status_code == 200 and shown(ARCHIVED_BECAUSE) in detail.text


async def test_no_new_proposal_in_an_archived_masterplan(client: httpx.AsyncClient) -> None:
    masterplan, _ = await a_proposal()
    await archive(masterplan)
    await sign_in(client, await make_person())
    page = await client.get(f"/masterplans/{masterplan.slug}/proposals/new")
    assert page.status_code == 403 and shown(ARCHIVED_BECAUSE) in page.text
    detail = (await client.get(f"/masterplans/{masterplan.slug}")).text
    assert shown(ARCHIVED_BECAUSE) in detail and "/proposals/new" not in detail


async def _published_section(masterplan: Masterplan) -> DraftSection:
    planner = await make_person(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(
        version=version, title="Offene Daten", body="Text", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    return section


async def test_the_consultation_takes_no_comments_once_archived(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await a_proposal(Phase.CONSULTATION)
    section = await _published_section(masterplan)
    person = await make_person()
    assert consultation.why_closed(person, masterplan) == ""
    await archive(masterplan)
    assert consultation.why_closed(person, masterplan) == shown(ARCHIVED_BECAUSE)
    with pytest.raises(ValidationFailed):
        await consultation.comment_on_section(
            section=section, masterplan=masterplan, author=person, body="Noch offen?"
        )
    await sign_in(client, person)
    page = await refused(
        client,
        f"/masterplans/{masterplan.slug}/draft/sections/{section.key}/comments",
        {"body": "Noch offen?"},
    )
    assert shown(ARCHIVED_BECAUSE) in page.text
    assert not await SectionComment.exists()


async def test_the_draft_cannot_change_once_archived(client: httpx.AsyncClient) -> None:
    masterplan, proposal = await a_proposal(Phase.DRAFTING)
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Abschnitt", body="Text", by=planner)
    await archive(masterplan)
    attempts = [
        drafts.add_section(version=version, title="Neu", body="Text", by=planner),
        drafts.edit_section(section=section, title="Anders", body="Text", by=planner),
        drafts.move_section(section=section, offset=1, by=planner),
        drafts.remove_section(section=section, by=planner),
        drafts.publish_version(version=version, by=planner),
        links.link_proposal(
            section=section, proposal=proposal, disposition="adopted", note="", by=planner
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationFailed) as refusal:
            await attempt
        assert refusal.value.errors["form"] == shown(ARCHIVED_BECAUSE)
    assert not await InputLink.exists()
    await sign_in(client, planner)
    page = await refused(
        client,
        f"/planning/{masterplan.slug}/draft/sections",
        {"title": "Neu", "body": "Text", "field_of_action": ""},
    )
    assert shown(ARCHIVED_BECAUSE) in page.text


async def test_an_archived_masterplan_without_a_working_version_starts_none(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await a_proposal(Phase.DRAFTING)
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    await archive(masterplan)
    await sign_in(client, planner)
    page = await refused(client, f"/planning/{masterplan.slug}/draft", {"action": "start"})
    assert shown(ARCHIVED_BECAUSE) in page.text


async def test_an_archived_field_takes_no_new_proposals_but_keeps_what_it_holds(
    client: httpx.AsyncClient,
) -> None:
    masterplan, proposal = await a_proposal()
    old = await FieldOfAction.get(id=proposal.field_of_action_id)  # type: ignore[attr-defined]
    kept = await make_field(masterplan, title="Weiter offen")
    await FieldOfAction.filter(id=old.id).update(archived_at=datetime.now(UTC))
    await sign_in(client, await make_person())
    form = (await client.get(f"/masterplans/{masterplan.slug}/proposals/new")).text
    assert f'value="{kept.slug}"' in form and f'value="{old.slug}"' not in form
    data = {"title": "Noch ein Vorschlag", "body": "Mit genug Text.", "field_of_action": old.slug}
    await refused(client, f"/masterplans/{masterplan.slug}/proposals/new", data)
    listing = (await client.get(f"/masterplans/{masterplan.slug}/proposals")).text
    assert proposal.title in listing
