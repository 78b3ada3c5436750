from __future__ import annotations

import pytest

from participation.accounts.models import Role, StakeholderGroup
from participation.forms import ValidationFailed
from participation.masterplans.models import Masterplan, Phase
from participation.moderation.models import AuditEntry
from participation.planning import consultation, drafts
from participation.planning.models import DraftSection, SectionComment
from tests.auth import make_person
from tests.factories import make_field, make_organization, make_user

pytestmark = pytest.mark.usefixtures("db")


async def published_section(
    phase: Phase = Phase.CONSULTATION,
) -> tuple[Masterplan, DraftSection]:
    field = await make_field()
    masterplan = await field.masterplan
    masterplan.phase = phase
    await masterplan.save()
    by = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=by)
    section = await drafts.add_section(version=version, title="Glasfaser", body="Text", by=by)
    await drafts.publish_version(version=version, by=by)
    return masterplan, section


async def test_a_partner_comments_a_section_in_the_name_of_their_organisation() -> None:
    masterplan, section = await published_section()
    chamber = await make_organization(name="IHK zu Dortmund")
    partner = await make_person(chamber)
    comment = await consultation.comment_on_section(
        section=section, masterplan=masterplan, author=partner, body="  Bitte bis 2028.  "
    )
    assert (comment.body, comment.organization_id, comment.stakeholder_group) == (  # type: ignore[attr-defined]
        "Bitte bis 2028.",
        chamber.id,
        StakeholderGroup.CHAMBERS,
    )
    found = await consultation.latest_section(masterplan, section.key)
    assert found is not None and found.id == section.id


@pytest.mark.parametrize("phase", [Phase.COLLECTION, Phase.DRAFTING, Phase.ADOPTED])
async def test_outside_the_consultation_the_draft_takes_no_comments(phase: Phase) -> None:
    masterplan, section = await published_section(phase)
    with pytest.raises(ValidationFailed):
        await consultation.comment_on_section(
            section=section, masterplan=masterplan, author=await make_person(), body="Hallo"
        )
    assert await SectionComment.all().count() == 0


async def test_a_hidden_section_comment_shows_only_to_its_author_and_is_audited() -> None:
    masterplan, section = await published_section()
    author, reader = await make_person(), await make_person()
    comment = await consultation.comment_on_section(
        section=section, masterplan=masterplan, author=author, body="Werbung"
    )
    await consultation.hide_section_comment(
        comment=comment, moderator=await make_user(role=Role.MODERATOR), reason="Werbung"
    )
    assert (await consultation.comments_on([section], reader))[section.key] == []
    assert [c.id for c in (await consultation.comments_on([section], author))[section.key]] == [
        comment.id
    ]
    assert await AuditEntry.filter(action="section_comment.hide", target_id=comment.id).exists()
