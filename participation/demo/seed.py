"""Load the Dortmund demo data through the same services the app uses, idempotently.

The masterplans come from the process templates in ``processes/`` through the same import
admins use (``participation.masterplans.processes``), so the demo proves that path works.
Every record has a natural key (slug, e-mail, masterplan and title, project code), so a second
run finds what the first one made and adds nothing; counters come from the vote and comment
services. After the proposals and votes come the planning steps: planners, official responses,
drafts (skipped for a masterplan that has any version) and implementation projects.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from participation.accounts.passwords import hash_password_now
from participation.comments.models import Comment
from participation.comments.services import post_comment
from participation.demo import data, planning_data
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.processes.reading import read_file
from participation.masterplans.processes.services import import_process
from participation.moderation.responses import DECISIONS, change_status
from participation.planning import drafts, links, projects
from participation.planning.models import DraftSection, DraftVersion, InputLink, Project
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus
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

# The demo's masterplans, in their order on the home page: each is the process template
# processes/<slug>.json, the single source of their texts, fields of action and phases.
PROCESS_DIR = Path(__file__).parent / "processes"
PROCESSES = ("digitale-wirtschaft", "digitale-bildung", "digitale-stadtverwaltung")


@dataclass
class SeedReport:
    masterplans: int = 0
    organizations: int = 0
    users: int = 0
    proposals: int = 0
    comments: int = 0
    votes: int = 0
    responses: int = 0
    versions: int = 0
    sections: int = 0  # in every version, copies included
    links: int = 0  # in every version, copies included
    projects: int = 0
    milestones: int = 0
    skipped_proposals: list[str] = field(default_factory=list)


async def database_is_empty() -> bool:
    return not await Masterplan.exists()


async def seed_demo(now: datetime | None = None) -> SeedReport:
    """Load the demo; safe to run again (it only adds what is missing)."""
    now = now or datetime.now(UTC)
    report = SeedReport()
    async with in_transaction():
        fields = await seed_masterplans(report)
        organizations = await _organizations(report)
        users, groups = await _users(organizations, report)
        voters = await _voters(users, groups, report)
        await _proposals(fields, organizations, users, groups, voters, now, report)
        planners = await _planners(users)
        proposals = await _proposals_by_key(fields)
        await _responses(proposals, planners, report)
        await _drafts(fields, proposals, planners, report)
        await _projects(fields, proposals, planners, report)
    return report


async def seed_masterplans(report: SeedReport) -> dict[tuple[str, str], FieldOfAction]:
    """The three masterplans, each made from its process template in ``processes/`` by the
    import an admin uses; one that exists already is left as its people changed it."""
    found = await Masterplan.filter(slug__in=PROCESSES).values_list("slug", flat=True)
    existing = {str(slug) for slug in found}
    for slug in PROCESSES:
        if slug in existing:
            continue
        raw = await asyncio.to_thread((PROCESS_DIR / f"{slug}.json").read_bytes)
        await import_process(template=read_file(raw), by=None)
        report.masterplans += 1
    fields = await FieldOfAction.filter(masterplan__slug__in=PROCESSES).select_related("masterplan")
    return {(item.masterplan.slug, item.slug): item for item in fields}


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
    password_hash = hash_password_now(data.DEMO_PASSWORD)  # one hash: same password, fast seed
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
            # A decided proposal is published first and answered by its planner later on.
            status=ProposalStatus.PUBLISHED if spec["status"] in DECISIONS else spec["status"],
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


# Planning: who plans, what they answered, the drafts and the projects


async def _planners(users: dict[str, User]) -> dict[str, User]:
    """Make the demo planners plan their masterplans; returns each masterplan's lead planner."""
    leads: dict[str, User] = {}
    for masterplan in await Masterplan.filter(slug__in=list(planning_data.PLANNERS)):
        keys = planning_data.PLANNERS[masterplan.slug]
        await masterplan.planners.add(*(users[key] for key in keys))  # adds only what is missing
        leads[masterplan.slug] = users[keys[0]]
    return leads


async def _proposals_by_key(fields: dict[tuple[str, str], FieldOfAction]) -> dict[str, Proposal]:
    """Every demo proposal by its key, whichever run made it (one query)."""
    found = {
        (proposal.field_of_action_id, proposal.title): proposal  # type: ignore[attr-defined]
        for proposal in await Proposal.filter(
            field_of_action_id__in=[f.id for f in fields.values()]
        )
    }
    by_key = {}
    for spec in data.PROPOSALS:
        key = (fields[(spec["masterplan"], spec["field"])].id, spec["title"])
        if key in found:
            by_key[spec["key"]] = found[key]
    return by_key


async def _responses(
    proposals: dict[str, Proposal], planners: dict[str, User], report: SeedReport
) -> None:
    """The planner's official response to each decided proposal that has none yet; the
    service records the status change, the audit entry and the notifications."""
    for spec in data.PROPOSALS:
        proposal = proposals.get(spec["key"])
        if "response" not in spec or proposal is None or proposal.official_response:
            continue
        if proposal.status not in (ProposalStatus.PUBLISHED, spec["status"]):
            continue  # moderated since an earlier run: leave it as the moderators left it
        await change_status(
            proposal=proposal,
            by=planners[spec["masterplan"]],
            status=spec["status"],
            response=spec["response"],
        )
        report.responses += 1


async def _drafts(
    fields: dict[tuple[str, str], FieldOfAction],
    proposals: dict[str, Proposal],
    planners: dict[str, User],
    report: SeedReport,
) -> None:
    for spec in planning_data.DRAFTS:
        masterplan = await Masterplan.get(slug=spec["masterplan"])
        if await DraftVersion.exists(masterplan_id=masterplan.id):
            continue  # its planners have a draft already, the demo's or their own
        own_fields = {slug: f for (plan, slug), f in fields.items() if plan == masterplan.slug}
        writing = _Drafting(masterplan, planners[masterplan.slug], own_fields, proposals)
        await writing.version(spec["sections"], [], spec["changes"], publish=True)
        for revision in spec["revisions"]:
            await writing.version(
                revision["added"], revision["edits"], revision["changes"], revision["publish"]
            )
        report.versions += await DraftVersion.filter(masterplan_id=masterplan.id).count()
        report.sections += await DraftSection.filter(version__masterplan_id=masterplan.id).count()
        report.links += await InputLink.filter(
            section__version__masterplan_id=masterplan.id
        ).count()


@dataclass
class _Drafting:
    """A masterplan's draft as its planner writes it, version by version, in the editor."""

    masterplan: Masterplan
    by: User
    fields: dict[str, FieldOfAction]  # by slug
    proposals: dict[str, Proposal]  # by key
    # Section key in planning_data -> DraftSection.key, which later versions keep.
    keys: dict[str, str] = field(default_factory=dict)

    async def version(
        self,
        added: list[planning_data.SectionData],
        edits: list[planning_data.EditData],
        changes: str,
        publish: bool,
    ) -> None:
        """The next version: the working one, copied from the latest published version."""
        version = await drafts.working_version(masterplan=self.masterplan, by=self.by)
        if edits:
            copies = {s.key: s for s in await DraftSection.filter(version_id=version.id)}
            for edit in edits:
                section = copies[self.keys[edit["section"]]]
                await drafts.edit_section(
                    section=section,
                    title=section.title,
                    body=edit["body"],
                    by=self.by,
                    field_of_action_id=section.field_of_action_id,  # type: ignore[attr-defined]
                )
                await self._link(section, edit["links"])
        for spec in added:
            section = await drafts.add_section(
                version=version,
                title=spec["title"],
                body=spec["body"],
                by=self.by,
                field_of_action_id=self.fields[spec["field"]].id,
            )
            self.keys[spec["key"]] = section.key
            await self._link(section, spec["links"])
        if publish:
            # As the editor does: the authors and followers of the input taken up hear of it.
            await drafts.publish_version(version=version, by=self.by, changes=changes)
            await links.notify_taken_up(version=version)

    async def _link(self, section: DraftSection, specs: list[planning_data.LinkData]) -> None:
        for spec in specs:
            proposal = _listed(self.proposals, spec["proposal"])
            if proposal is None:
                continue
            await links.link_proposal(
                section=section,
                proposal=proposal,
                disposition=spec["disposition"],
                note=spec["note"],
                by=self.by,
            )


async def _projects(
    fields: dict[tuple[str, str], FieldOfAction],
    proposals: dict[str, Proposal],
    planners: dict[str, User],
    report: SeedReport,
) -> None:
    masterplans = {m.slug: m for m in await Masterplan.all()}
    existing = set(await Project.all().values_list("masterplan__slug", "code"))
    for spec in planning_data.PROJECTS:
        if (spec["masterplan"], spec["code"]) in existing:
            continue
        by = planners[spec["masterplan"]]
        project = await projects.create_project(
            masterplan=masterplans[spec["masterplan"]],
            field_of_action_id=fields[(spec["masterplan"], spec["field"])].id,
            code=spec["code"],
            title=spec["title"],
            description=spec["description"],
            status=spec["status"],
            progress=spec["progress"],
            by=by,
        )
        report.projects += 1
        for milestone_spec in spec["milestones"]:
            milestone = await projects.add_milestone(
                project=project,
                title=milestone_spec["title"],
                due_on=milestone_spec["due_on"],
                by=by,
            )
            if milestone_spec["done_on"] is not None:
                await projects.mark_milestone(
                    milestone=milestone, done_on=milestone_spec["done_on"], by=by
                )
            report.milestones += 1
        answered = [_listed(proposals, key) for key in spec["proposals"]]
        await projects.set_linked_proposals(
            project=project, proposal_ids=[p.id for p in answered if p is not None], by=by
        )


def _listed(proposals: dict[str, Proposal], key: str) -> Proposal | None:
    """The demo proposal, unless moderators merged or hid it since an earlier run: the
    planning services take listed proposals only."""
    proposal = proposals.get(key)
    return proposal if proposal is not None and proposal.status in LISTED_STATUSES else None
