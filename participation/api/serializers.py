"""The open data, as JSON objects. Public fields only: people appear with the name they
show in public, never with an e-mail address, and nothing hidden or pending appears."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction, Masterplan, PhasePeriod
from participation.planning.models import Milestone, Project
from participation.planning.uptake import Verdict
from participation.proposals.models import Proposal


def field_of_action(field: FieldOfAction) -> dict[str, Any]:
    return {"slug": field.slug, "title": field.title, "proposal_count": field.proposal_count}


def masterplan(plan: Masterplan, fields: list[FieldOfAction], base_url: str) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "summary": plan.summary,
        "lead_department": plan.lead_department,
        "phase": plan.phase.value,
        # An archived masterplan is read-only; its contributions stay published.
        "archived": plan.is_archived,
        "fields_of_action": [field_of_action(f) for f in fields],
        "url": f"{base_url}/masterplans/{plan.slug}",
        "proposals": f"{base_url}/api/v1/masterplans/{plan.slug}/proposals",
    }


def phase_period(period: PhasePeriod) -> dict[str, Any]:
    return {
        "phase": period.phase.value,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat() if period.ends_on else None,
    }


def _submitted_by(proposal: Proposal) -> str:
    if proposal.organization is not None:
        return proposal.organization.name
    return proposal.author.display_name if proposal.author is not None else ""


def groups(tallies: dict[StakeholderGroup, tuple[int, int]]) -> list[dict[str, Any]]:
    return [
        {
            "group": group.value,
            "supports": tallies.get(group, (0, 0))[0],
            "opposes": tallies.get(group, (0, 0))[1],
        }
        for group in StakeholderGroup
    ]


def proposal_summary(
    proposal: Proposal, tallies: dict[StakeholderGroup, tuple[int, int]], base_url: str
) -> dict[str, Any]:
    """A proposal as lists show it (``proposal`` has field_of_action, organization and author
    loaded)."""
    return {
        "id": proposal.id,
        "title": proposal.title,
        "field_of_action": proposal.field_of_action.slug,
        "status": proposal.status.value,
        "stakeholder_group": proposal.stakeholder_group.value,
        "submitted_by": _submitted_by(proposal),
        "organization": proposal.organization.slug if proposal.organization else None,
        "created_at": proposal.created_at.isoformat(),
        "supports": proposal.supports,
        "opposes": proposal.opposes,
        "votes": proposal.vote_count,
        "comments": proposal.comment_count,
        "scores": {
            "wilson": round(proposal.wilson, 6),
            "balanced": round(proposal.balanced, 6),
            "consensus": round(proposal.consensus, 8),
        },
        "groups": groups(tallies),
        "url": f"{base_url}/proposals/{proposal.id}",
    }


def proposal_detail(
    proposal: Proposal,
    tallies: dict[StakeholderGroup, tuple[int, int]],
    cosigners: list[str],
    verdict: Verdict | None,
    base_url: str,
) -> dict[str, Any]:
    merged_into = proposal.merged_into_id  # type: ignore[attr-defined]
    return {
        **proposal_summary(proposal, tallies, base_url),
        "masterplan": proposal.masterplan.slug,
        "body": proposal.body,
        "disclosure": proposal.disclosure,
        "official_response": proposal.official_response,
        "merged_into": merged_into,
        "cosigned_by": cosigners,
        # What the latest published draft did with it (planning/uptake.py); null while open.
        "outcome": verdict.uptake.value if verdict else None,
        "draft": _draft(proposal, verdict, base_url),
    }


def _draft(proposal: Proposal, verdict: Verdict | None, base_url: str) -> list[dict[str, Any]]:
    """Every section of the latest published version that took the proposal up."""
    if verdict is None or verdict.version is None:
        return []
    page = f"{base_url}/masterplans/{proposal.masterplan.slug}/draft"
    return [
        {
            "version": verdict.version.number,
            "section": taken.section_title,
            "disposition": taken.disposition.value,
            "note": taken.note,
            "url": f"{page}#section-{taken.section_key}",
        }
        for taken in verdict.sections
    ]


def milestone(item: Milestone) -> dict[str, Any]:
    return {
        "title": item.title,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "done_on": item.done_on.isoformat() if item.done_on else None,
    }


def project(
    item: Project, milestones: list[Milestone], proposal_ids: list[int], base_url: str
) -> dict[str, Any]:
    return {
        "id": item.id,
        "code": item.code,
        "title": item.title,
        "masterplan": item.masterplan.slug,
        "field_of_action": item.field_of_action.slug,
        "status": item.status.value,
        "progress": item.progress,
        "description": item.description,
        "milestones": [milestone(m) for m in milestones],
        "proposals": proposal_ids,
        "url": f"{base_url}/projects/{item.id}",
    }
