from __future__ import annotations

import json

import pytest

from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    Role,
    StakeholderGroup,
    User,
)
from participation.accounts.passwords import verify_password
from participation.comments.models import Comment
from participation.demo import data, planning_data
from participation.demo.seed import PROCESS_DIR, PROCESSES, seed_demo
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.processes.services import export_process
from participation.moderation.models import AuditEntry, StatusChange
from participation.moderation.responses import DECISIONS, status_history
from participation.notifications.models import Notification, NotificationKind
from participation.planning import drafts, links, uptake
from participation.planning.diff import Change, compare
from participation.planning.models import (
    DraftSection,
    DraftVersion,
    InputLink,
    Milestone,
    Project,
    VersionStatus,
)
from participation.planning.permissions import can_plan, planned_masterplans
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus
from participation.votes.models import Vote
from tests.votes.test_services import assert_counters_match_votes

pytestmark = pytest.mark.usefixtures("db")

NAMED_IN_PRESS_RELEASE = {
    "digitale-wirtschaft": [
        "Glasfaserstrategie",
        "Digitale Standortstrategie",
        "Lernfabrik",
        "Co-Creation",
        "Außenkommunikation",
    ],
    "digitale-bildung": [
        "Medienkompetenz",
        "Anwendungswissen",
        "Informatische Grundkenntnisse",
        "Kooperations- und Arbeitsformen",
        "Schulstufen",
        "Bildungsbereiche",
    ],
    "digitale-stadtverwaltung": [
        "eGovernment",
        "Open Data",
        "IT-Sicherheit",
        "Personal und Organisation",
        "Liegenschaften",
        "Marketing",
    ],
}
PARTNERS_IN_PRESS_RELEASE = [
    "IHK zu Dortmund",
    "Handwerkskammer Dortmund",
    "Technische Universität Dortmund",
    "Fachhochschule Dortmund",
    "Fraunhofer",
    "Dortmunder Bildungskommission",
    "Bildungsnetzwerk",
]


async def test_demo_has_the_three_masterplans_with_every_named_field_of_action() -> None:
    await seed_demo()
    masterplans = await Masterplan.all()
    assert {m.slug for m in masterplans} == set(NAMED_IN_PRESS_RELEASE)
    for slug, names in NAMED_IN_PRESS_RELEASE.items():
        titles = " | ".join(f.title for f in await FieldOfAction.filter(masterplan__slug=slug))
        for name in names:
            assert name in titles, (slug, name)


async def test_demo_has_the_named_partners_in_their_stakeholder_groups() -> None:
    await seed_demo()
    organizations = await Organization.all()
    names = " | ".join(o.name for o in organizations)
    for name in PARTNERS_IN_PRESS_RELEASE:
        assert name in names
    groups = {o.stakeholder_group for o in organizations}
    assert groups == set(StakeholderGroup) - {StakeholderGroup.CITIZENS}
    ihk = next(o for o in organizations if o.slug == "ihk-dortmund")
    assert ihk.stakeholder_group is StakeholderGroup.CHAMBERS


async def test_demo_has_people_for_every_role_who_can_sign_in_with_the_readme_password() -> None:
    await seed_demo()
    for role in Role:
        person = await User.filter(role=role, password_hash__isnull=False).first()
        assert person is not None, role
        assert await verify_password(person.password_hash, data.DEMO_PASSWORD)
    partner = await User.get(email="partnerin.ihk@demo.invalid")
    membership = await Membership.get(user=partner).select_related("organization")
    assert membership.status is MembershipStatus.CONFIRMED
    assert membership.organization.slug == "ihk-dortmund"


async def test_demo_has_two_dozen_proposals_with_votes_and_comments() -> None:
    report = await seed_demo()
    assert report.proposals == await Proposal.all().count() == 24
    assert await Vote.all().count() == report.votes > 300
    assert await Comment.all().count() == report.comments >= 24
    assert await Proposal.filter(title="Gigabit-Anschluss für alle Gewerbegebiete").exists()
    for proposal in await Proposal.all():
        await assert_counters_match_votes(proposal)
        assert proposal.comment_count == await Comment.filter(proposal=proposal).count()


async def test_field_counters_match_the_listed_proposals() -> None:
    await seed_demo()
    for field in await FieldOfAction.all():
        listed = await Proposal.filter(field_of_action=field, status__in=LISTED_STATUSES).count()
        assert field.proposal_count == listed


SEEDED_MODELS = (
    Masterplan,
    FieldOfAction,
    Organization,
    User,
    Proposal,
    Vote,
    Comment,
    StatusChange,
    Notification,
    DraftVersion,
    DraftSection,
    InputLink,
    Project,
    Milestone,
)


async def test_loading_the_demo_twice_adds_nothing() -> None:
    await seed_demo()
    counts = [await model.all().count() for model in SEEDED_MODELS]
    planners = await Masterplan.filter(planners__id__isnull=False).count()
    second = await seed_demo()
    assert (second.masterplans, second.users, second.proposals, second.votes) == (0, 0, 0, 0)
    assert (second.responses, second.versions, second.sections, second.links) == (0, 0, 0, 0)
    assert (second.projects, second.milestones) == (0, 0)
    assert counts == [await model.all().count() for model in SEEDED_MODELS]
    assert await Masterplan.filter(planners__id__isnull=False).count() == planners == 3


# Planning: planners, official responses, drafts, projects


async def test_each_demo_planner_plans_their_own_masterplan_only() -> None:
    await seed_demo()
    masterplans = await Masterplan.all()
    for slug, keys in planning_data.PLANNERS.items():
        for key in keys:
            email = next(u["email"] for u in data.USERS if u["key"] == key)
            planner = await User.get(email=email)
            assert [m.slug for m in await planned_masterplans(planner)] == [slug]
            for masterplan in masterplans:
                assert await can_plan(planner, masterplan) is (masterplan.slug == slug)


async def test_every_decided_proposal_has_its_planners_response_and_a_history() -> None:
    report = await seed_demo()
    decided = [spec for spec in data.PROPOSALS if spec["status"] in DECISIONS]
    assert {spec["status"] for spec in decided} == set(DECISIONS)
    assert report.responses == len(decided) == await StatusChange.all().count()
    for spec in decided:
        proposal = await Proposal.get(title=spec["title"]).select_related("author")
        planner_key = planning_data.PLANNERS[spec["masterplan"]][0]
        planner = next(u for u in data.USERS if u["key"] == planner_key)
        assert proposal.status is spec["status"]
        assert proposal.official_response == spec["response"]
        history = await status_history(proposal)
        assert [e.status for e in history.entries] == [ProposalStatus.PUBLISHED, spec["status"]]
        assert history.official is not None
        assert history.official.who == f"{planner['display_name']} ({Role.PLANNER.label})"
        assert await Notification.exists(
            user=proposal.author, proposal=proposal, kind=NotificationKind.OFFICIAL_RESPONSE
        )
    undecided = [spec["title"] for spec in data.PROPOSALS if spec["status"] not in DECISIONS]
    assert not await Proposal.filter(title__in=undecided).exclude(official_response="").exists()


async def test_each_masterplan_has_a_published_draft_whose_sections_took_up_its_input() -> None:
    report = await seed_demo()
    for masterplan in await Masterplan.all():
        version = await drafts.latest_published(masterplan)
        assert version is not None, masterplan.slug
        sections = await DraftSection.filter(version_id=version.id)
        assert 3 <= len(sections) <= 6
        taken = await links.input_of(sections)
        for section in sections:
            assert section.field_of_action_id is not None  # type: ignore[attr-defined]
            assert section.body.count("\n\n") >= 1, section.title  # two paragraphs or more
            assert taken[section.id], section.title
            for link in taken[section.id]:
                assert link.proposal.masterplan_id == masterplan.id  # type: ignore[attr-defined]
                assert link.note
    assert report.versions == await DraftVersion.all().count()
    assert report.sections == await DraftSection.all().count()
    assert report.links == await InputLink.all().count()


async def test_a_proposal_shows_where_it_went_in_the_latest_published_draft() -> None:
    await seed_demo()
    gigabit = await Proposal.get(title="Gigabit-Anschluss für alle Gewerbegebiete").select_related(
        "author"
    )
    verdict = await uptake.verdict_of(gigabit)
    assert verdict is not None and verdict.version is not None
    [where] = verdict.sections
    assert (verdict.version.number, where.disposition) == (2, "adopted")
    assert where.section_title == "Glasfaser für Gewerbegebiete und Wohnquartiere"
    assert await Notification.exists(
        user=gigabit.author, proposal=gigabit, kind=NotificationKind.ADOPTED_INTO_DRAFT
    )


async def versions_of(slug: str) -> list[tuple[DraftVersion, list[DraftSection]]]:
    found = await DraftVersion.filter(masterplan__slug=slug).order_by("number")
    return [(v, await DraftSection.filter(version_id=v.id)) for v in found]


async def test_version_2_of_digitale_wirtschaft_rewrites_one_section_and_adds_one() -> None:
    await seed_demo()
    [(_, old), (second, new)] = await versions_of("digitale-wirtschaft")
    assert second.status is VersionStatus.PUBLISHED and second.changes
    changes = [d.change for d in compare(old, new)]
    assert sorted(changes) == sorted([Change.CHANGED, Change.ADDED] + [Change.UNCHANGED] * 3)


async def test_digitale_bildung_has_a_working_version_with_one_edited_section() -> None:
    await seed_demo()
    versions = await versions_of("digitale-bildung")
    assert [(v.number, v.status) for v, _ in versions] == [
        (1, VersionStatus.PUBLISHED),
        (2, VersionStatus.PUBLISHED),
        (3, VersionStatus.WORKING),
    ]
    changes = [d.change for d in compare(versions[1][1], versions[2][1])]
    assert changes.count(Change.CHANGED) == 1
    assert set(changes) == {Change.CHANGED, Change.UNCHANGED}


async def test_each_masterplan_has_projects_with_milestones_and_the_proposals_they_answer() -> None:
    report = await seed_demo()
    assert report.projects == await Project.all().count()
    assert report.milestones == await Milestone.all().count()
    for masterplan in await Masterplan.all():
        found = await Project.filter(masterplan_id=masterplan.id).prefetch_related(
            "milestones", "proposals", "field_of_action"
        )
        assert 2 <= len(found) <= 3, masterplan.slug
        for project in found:
            assert project.code and 0 <= project.progress <= 100
            assert project.field_of_action.masterplan_id == masterplan.id  # type: ignore[attr-defined]
            assert 2 <= len(project.milestones) <= 3
            assert project.proposals
            assert {p.masterplan_id for p in project.proposals} == {masterplan.id}  # type: ignore[attr-defined]


# The masterplans come from the process templates in the repository


async def test_the_demo_masterplans_are_imported_from_their_process_templates() -> None:
    await seed_demo()
    imported = await AuditEntry.filter(action="masterplan.import").order_by("id")
    assert [e.details["slug"] for e in imported] == list(PROCESSES)
    assert [m.slug for m in await Masterplan.all()] == list(PROCESSES)  # home-page order
    for slug in PROCESSES:
        written = json.loads((PROCESS_DIR / f"{slug}.json").read_text(encoding="utf-8"))
        opens_in = written["masterplan"].pop("phase")
        masterplan = await Masterplan.get(slug=slug)
        assert await export_process(masterplan) == written
        assert masterplan.phase == opens_in
    await seed_demo()
    assert await AuditEntry.filter(action="masterplan.import").count() == len(PROCESSES)
