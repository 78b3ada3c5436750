from __future__ import annotations

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
from participation.demo import data
from participation.demo.seed import seed_demo
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals.models import LISTED_STATUSES, Proposal
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
        assert verify_password(person.password_hash, data.DEMO_PASSWORD)
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


async def test_loading_the_demo_twice_adds_nothing() -> None:
    await seed_demo()
    counts = [
        await model.all().count()
        for model in (Masterplan, FieldOfAction, Organization, User, Proposal, Vote, Comment)
    ]
    second = await seed_demo()
    assert (second.masterplans, second.users, second.proposals, second.votes) == (0, 0, 0, 0)
    assert counts == [
        await model.all().count()
        for model in (Masterplan, FieldOfAction, Organization, User, Proposal, Vote, Comment)
    ]
