"""Load the Dortmund demo data through the same services the app uses, idempotently.

Every record has a natural key (slug, e-mail, masterplan and title), so a second run finds
what the first one made and adds nothing; counters come from the vote and comment services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from participation.accounts.models import (
    GROUP_OF_KIND,
    Membership,
    MembershipStatus,
    Organization,
    Role,
    StakeholderGroup,
    User,
)
from participation.accounts.passwords import hash_password
from participation.comments.models import Comment
from participation.comments.services import post_comment
from participation.demo import data
from participation.masterplans.models import FieldOfAction, Masterplan, PhasePeriod
from participation.proposals.models import Proposal
from participation.proposals.services import submit_proposal
from participation.votes.services import cast_vote

FIRST_NAMES = (
    "Anna",
    "Ben",
    "Carla",
    "Deniz",
    "Elif",
    "Finn",
    "Greta",
    "Hakan",
    "Ida",
    "Jonas",
    "Katharina",
    "Lukas",
    "Mara",
    "Nils",
    "Olga",
    "Paul",
    "Quentin",
    "Rosa",
    "Stefan",
    "Tülay",
)
LAST_INITIALS = "ABDFGHKLMNPRSTWZ"


@dataclass
class SeedReport:
    masterplans: int = 0
    organizations: int = 0
    users: int = 0
    proposals: int = 0
    comments: int = 0
    votes: int = 0
    skipped_proposals: list[str] = field(default_factory=list)


async def database_is_empty() -> bool:
    return not await Masterplan.exists()


async def seed_demo(now: datetime | None = None) -> SeedReport:
    """Load the demo; safe to run again (it only adds what is missing)."""
    now = now or datetime.now(UTC)
    report = SeedReport()
    async with in_transaction():
        fields = await _masterplans(report)
        organizations = await _organizations(report)
        users, groups = await _users(organizations, report)
        voters = await _voters(users, groups, report)
        await _proposals(fields, organizations, users, groups, voters, now, report)
    return report


async def _masterplans(report: SeedReport) -> dict[tuple[str, str], FieldOfAction]:
    fields: dict[tuple[str, str], FieldOfAction] = {}
    for spec in data.MASTERPLANS:
        masterplan, created = await Masterplan.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "lead_department": spec["lead_department"],
                "phase": spec["phase"],
                "position": spec["position"],
            },
        )
        report.masterplans += created
        for phase, starts_on, ends_on in spec["phases"]:
            await PhasePeriod.get_or_create(
                masterplan=masterplan,
                phase=phase,
                defaults={"starts_on": starts_on, "ends_on": ends_on},
            )
        for position, (slug, title, description) in enumerate(spec["fields"]):
            fields[(spec["slug"], slug)], _ = await FieldOfAction.get_or_create(
                masterplan=masterplan,
                slug=slug,
                defaults={"title": title, "description": description, "position": position},
            )
    return fields


async def _organizations(report: SeedReport) -> dict[str, Organization]:
    organizations = {}
    for spec in data.ORGANIZATIONS:
        organizations[spec["slug"]], created = await Organization.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "description": spec["description"],
                "verified": spec["verified"],
            },
        )
        report.organizations += created
    return organizations


async def _users(
    organizations: dict[str, Organization], report: SeedReport
) -> tuple[dict[str, User], dict[str, StakeholderGroup]]:
    users: dict[str, User] = {}
    groups: dict[str, StakeholderGroup] = {}
    password_hash = hash_password(data.DEMO_PASSWORD)  # one hash: same password, fast seed
    for spec in data.USERS:
        user, created = await User.get_or_create(
            email=spec["email"],
            defaults={
                "display_name": spec["display_name"],
                "role": spec["role"],
                "password_hash": password_hash,
                "email_verified_at": datetime.now(UTC),
            },
        )
        report.users += created
        users[spec["key"]] = user
        groups[spec["key"]] = StakeholderGroup.CITIZENS
        if spec["organization"]:
            organization = organizations[spec["organization"]]
            await Membership.get_or_create(
                user=user,
                organization=organization,
                defaults={
                    "status": MembershipStatus.CONFIRMED,
                    "is_admin": spec["org_admin"],
                    "confirmed_at": datetime.now(UTC),
                },
            )
            groups[spec["key"]] = GROUP_OF_KIND[organization.kind]
    return users, groups


async def _voters(
    users: dict[str, User], groups: dict[str, StakeholderGroup], report: SeedReport
) -> dict[StakeholderGroup, list[User]]:
    """Everyone who can vote in the demo, by group; citizens get a crowd without passwords."""
    pools: dict[StakeholderGroup, list[User]] = {group: [] for group in StakeholderGroup}
    for key, user in users.items():
        if user.role in (Role.MODERATOR, Role.ADMIN):
            continue  # moderators and admins stay neutral in the demo
        pools[groups[key]].append(user)
    for number in range(1, data.CITIZEN_VOTER_COUNT + 1):
        name = (
            f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
            f"{LAST_INITIALS[number % len(LAST_INITIALS)]}."
        )
        user, created = await User.get_or_create(
            email=f"buerger{number:03d}@demo.invalid",
            defaults={"display_name": name, "role": Role.CITIZEN},
        )
        report.users += created
        pools[StakeholderGroup.CITIZENS].append(user)
    return pools


async def _proposals(
    fields: dict[tuple[str, str], FieldOfAction],
    organizations: dict[str, Organization],
    users: dict[str, User],
    groups: dict[str, StakeholderGroup],
    voters: dict[StakeholderGroup, list[User]],
    now: datetime,
    report: SeedReport,
) -> None:
    made: dict[str, Proposal] = {}
    for index, spec in enumerate(sorted(data.PROPOSALS, key=lambda p: -p["days_ago"])):
        field_of_action = fields[(spec["masterplan"], spec["field"])]
        if await Proposal.exists(field_of_action_id=field_of_action.id, title=spec["title"]):
            report.skipped_proposals.append(spec["key"])
            continue
        author_spec = next(u for u in data.USERS if u["key"] == spec["author"])
        organization = (
            organizations[author_spec["organization"]]
            if spec["on_behalf"] and author_spec["organization"]
            else None
        )
        made[spec["key"]] = proposal = await submit_proposal(
            field_of_action=field_of_action,
            author=users[spec["author"]],
            title=spec["title"],
            body=spec["body"],
            group=groups[spec["author"]],
            organization=organization,
            disclosure=spec["disclosure"],
            status=spec["status"],
            created_at=now - timedelta(days=spec["days_ago"]),
        )
        report.proposals += 1
        for group_value, (supports, opposes) in spec["votes"].items():
            group = StakeholderGroup(group_value)
            pool = voters[group]
            offset = index % len(pool) if pool else 0
            rotated = pool[offset:] + pool[:offset]
            for position, voter in enumerate(rotated[: supports + opposes]):
                await cast_vote(
                    proposal=proposal,
                    voter=voter,
                    value=1 if position < supports else -1,
                    group=group,
                )
                report.votes += 1
    await _comments(made, users, organizations, now, report)


async def _comments(
    made: dict[str, Proposal],
    users: dict[str, User],
    organizations: dict[str, Organization],
    now: datetime,
    report: SeedReport,
) -> None:
    posted: dict[int, Comment] = {}
    for index, spec in enumerate(data.COMMENTS):
        proposal = made.get(spec["proposal"])
        if proposal is None:
            continue  # the proposal was there before this run, and so are its comments
        parent = posted.get(spec["reply_to"]) if spec["reply_to"] is not None else None
        author_spec = next(u for u in data.USERS if u["key"] == spec["author"])
        organization = (
            organizations[author_spec["organization"]]
            if author_spec["role"] == Role.PARTNER and author_spec["organization"]
            else None
        )
        posted[index] = await post_comment(
            proposal=proposal,
            author=users[spec["author"]],
            body=spec["body"],
            parent=parent,
            organization=organization,
            created_at=now - timedelta(days=spec["days_ago"]),
        )
        report.comments += 1
