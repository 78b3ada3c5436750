from __future__ import annotations

import pytest

from participation.accounts.models import Role, User
from participation.forms import ValidationFailed
from participation.masterplans.models import FieldOfAction
from participation.moderation.models import AuditEntry
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import follow
from participation.planning import drafts, links, uptake
from participation.planning.diff import Change, compare, words
from participation.planning.drafts import VersionFrozen
from participation.planning.models import DraftSection, DraftVersion, InputLink, VersionStatus
from participation.proposals.models import Proposal, ProposalStatus
from tests.factories import make_field, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def planner() -> User:
    return await make_user(role=Role.PLANNER)


async def published_version_with_link() -> tuple[FieldOfAction, DraftVersion, DraftSection, User]:
    field = await make_field()
    by = await planner()
    version = await drafts.working_version(masterplan=await field.masterplan, by=by)
    section = await drafts.add_section(
        version=version, title="Glasfaser", body="Alle Gewerbegebiete.", by=by
    )
    proposal = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    await links.link_proposal(
        section=section, proposal=proposal, disposition="adopted", note="Ganz.", by=by
    )
    await drafts.publish_version(version=version, by=by, changes="Erster Entwurf")
    return field, version, section, by


async def test_the_working_version_is_made_once_and_numbered_from_one() -> None:
    field, by = await make_field(), await planner()
    masterplan = await field.masterplan
    first = await drafts.working_version(masterplan=masterplan, by=by)
    again = await drafts.working_version(masterplan=masterplan, by=by)
    assert (first.id, first.number, first.status) == (again.id, 1, VersionStatus.WORKING)
    assert await DraftVersion.filter(masterplan_id=masterplan.id).count() == 1


async def test_sections_are_appended_edited_moved_and_removed() -> None:
    field, by = await make_field(), await planner()
    version = await drafts.working_version(masterplan=await field.masterplan, by=by)
    one = await drafts.add_section(version=version, title="Eins", body="a", by=by)
    two = await drafts.add_section(version=version, title="Zwei", body="b", by=by)
    await drafts.edit_section(
        section=two, title="Zwei neu", body="b2", by=by, field_of_action_id=field.id
    )
    await drafts.move_section(section=two, offset=-1, by=by)
    ordered = await DraftSection.filter(version_id=version.id)
    assert [(s.title, s.body, s.field_of_action_id) for s in ordered] == [  # type: ignore[attr-defined]
        ("Zwei neu", "b2", field.id),
        ("Eins", "a", None),
    ]
    await drafts.remove_section(section=one, by=by)
    assert [s.title for s in await DraftSection.filter(version_id=version.id)] == ["Zwei neu"]
    actions = {str(a) for a in await AuditEntry.all().values_list("action", flat=True)}
    assert {"draft.add_section", "draft.edit_section", "draft.move_section"} <= actions
    assert "draft.remove_section" in actions


async def test_a_section_needs_a_title_and_a_field_of_its_own_masterplan() -> None:
    field, by = await make_field(), await planner()
    version = await drafts.working_version(masterplan=await field.masterplan, by=by)
    with pytest.raises(ValidationFailed) as failed:
        await drafts.add_section(version=version, title="  ", body="", by=by)
    assert "title" in failed.value.errors
    foreign = await make_field()
    with pytest.raises(ValidationFailed) as failed:
        await drafts.add_section(
            version=version, title="T", body="", by=by, field_of_action_id=foreign.id
        )
    assert "field_of_action" in failed.value.errors


async def test_an_empty_version_cannot_be_published() -> None:
    field, by = await make_field(), await planner()
    version = await drafts.working_version(masterplan=await field.masterplan, by=by)
    with pytest.raises(ValidationFailed):
        await drafts.publish_version(version=version, by=by)
    assert (await DraftVersion.get(id=version.id)).status == VersionStatus.WORKING


async def test_a_published_version_refuses_every_change() -> None:
    field, version, section, by = await published_version_with_link()
    link = await InputLink.get(section_id=section.id)
    before = [(s.title, s.body) for s in await DraftSection.filter(version_id=version.id)]
    refused = [
        drafts.add_section(version=version, title="Neu", body="", by=by),
        drafts.edit_section(section=section, title="Anders", body="", by=by),
        drafts.remove_section(section=section, by=by),
        drafts.move_section(section=section, offset=1, by=by),
        drafts.publish_version(version=version, by=by),
        links.link_proposal(
            section=section,
            proposal=await make_proposal(field),
            disposition="adopted",
            note="",
            by=by,
        ),
        links.unlink(link=link, by=by),
    ]
    for attempt in refused:
        with pytest.raises(VersionFrozen):
            await attempt
    assert [(s.title, s.body) for s in await DraftSection.filter(version_id=version.id)] == before
    assert await InputLink.filter(section_id=section.id).count() == 1


async def test_the_next_version_starts_as_a_copy_of_the_published_one() -> None:
    field, _, section, by = await published_version_with_link()
    working = await drafts.working_version(masterplan=await field.masterplan, by=by)
    assert working.number == 2
    copy = await DraftSection.get(version_id=working.id)
    assert (copy.key, copy.title, copy.body) == (section.key, section.title, section.body)
    copied = await InputLink.get(section_id=copy.id)
    original = await InputLink.get(section_id=section.id)
    assert (copied.proposal_id, copied.disposition, copied.note) == (  # type: ignore[attr-defined]
        original.proposal_id,  # type: ignore[attr-defined]
        original.disposition,
        original.note,
    )


async def test_only_public_proposals_of_the_masterplan_can_be_linked() -> None:
    field, by = await make_field(), await planner()
    version = await drafts.working_version(masterplan=await field.masterplan, by=by)
    section = await drafts.add_section(version=version, title="T", body="", by=by)
    hidden = await make_proposal(field, status=ProposalStatus.PENDING)
    elsewhere = await make_proposal(await make_field())
    for proposal in (hidden, elsewhere):
        with pytest.raises(ValidationFailed):
            await links.link_proposal(
                section=section, proposal=proposal, disposition="considered", note="", by=by
            )
    with pytest.raises(ValidationFailed) as failed:
        await links.link_proposal(
            section=section, proposal=await make_proposal(field), disposition="x", note="", by=by
        )
    assert "disposition" in failed.value.errors
    assert await InputLink.all().count() == 0


async def test_linking_again_changes_the_disposition_instead_of_doubling() -> None:
    field, by = await make_field(), await planner()
    version = await drafts.working_version(masterplan=await field.masterplan, by=by)
    section = await drafts.add_section(version=version, title="T", body="", by=by)
    proposal = await make_proposal(field)
    await links.link_proposal(
        section=section, proposal=proposal, disposition="considered", note="a", by=by
    )
    await links.link_proposal(
        section=section, proposal=proposal, disposition="adopted", note="b", by=by
    )
    link = await InputLink.get(section_id=section.id)
    assert (link.disposition, link.note) == ("adopted", "b")
    assert await InputLink.all().count() == 1


async def test_a_proposal_shows_only_the_latest_published_destination() -> None:
    field, _, section, by = await published_version_with_link()
    proposal = await (await InputLink.get(section_id=section.id)).proposal
    working = await drafts.working_version(masterplan=await field.masterplan, by=by)
    verdict = await uptake.verdict_of(proposal)
    assert verdict is not None and verdict.version is not None
    assert verdict.version.number == 1
    copy = await DraftSection.get(version_id=working.id)
    await drafts.edit_section(section=copy, title="Glasfaser 2030", body="", by=by)
    # The working version is not public: the proposal still points at version 1.
    assert await section_titles(proposal) == ["Glasfaser"]
    await drafts.publish_version(version=working, by=by)
    assert await section_titles(proposal) == ["Glasfaser 2030"]


async def section_titles(proposal: Proposal) -> list[str]:
    verdict = await uptake.verdict_of(proposal)
    return [taken.section_title for taken in verdict.sections] if verdict else []


async def test_authors_and_followers_hear_once_when_the_draft_takes_their_proposal_up() -> None:
    field, by = await make_field(), await planner()
    masterplan = await field.masterplan
    author, follower = await make_user(), await make_user()
    proposal = await make_proposal(field, author=author)
    await follow(user=follower, proposal=proposal)
    version = await drafts.working_version(masterplan=masterplan, by=by)
    section = await drafts.add_section(version=version, title="Glasfaser", body="", by=by)
    await links.link_proposal(
        section=section, proposal=proposal, disposition="adopted", note="", by=by
    )
    await drafts.publish_version(version=version, by=by)
    assert await links.notify_taken_up(version=version) == 1
    second = await drafts.working_version(masterplan=masterplan, by=by)
    await drafts.publish_version(version=second, by=by)
    assert await links.notify_taken_up(version=second) == 0  # nothing new in version 2
    received = await Notification.filter(kind=NotificationKind.ADOPTED_INTO_DRAFT)
    assert sorted(n.user_id for n in received) == sorted([author.id, follower.id])  # type: ignore[attr-defined]


def test_words_marks_what_was_inserted_and_deleted() -> None:
    pieces = words("Glasfaser für alle Schulen", "Glasfaser für alle Schulen und Kitas")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "Glasfaser für alle Schulen"),
        ("insert", " und Kitas"),
    ]
    assert "".join(p.text for p in words("a b", "a c") if p.op != "delete") == "a c"


def test_compare_pairs_sections_by_key() -> None:
    def section(key: str, title: str, body: str, position: int) -> DraftSection:
        return DraftSection(key=key, title=title, body=body, position=position)

    old = [section("k1", "Eins", "a", 1), section("k2", "Zwei", "b", 2)]
    new = [section("k1", "Eins", "a", 1), section("k3", "Drei", "c", 2)]
    changes = [(d.change, d.heading) for d in compare(old, new)]
    assert changes == [
        (Change.UNCHANGED, "Eins"),
        (Change.REMOVED, "Zwei"),
        (Change.ADDED, "Drei"),
    ]
