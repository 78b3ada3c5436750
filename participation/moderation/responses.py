"""Official responses and status changes of proposals: moderators for every proposal, planners
for those of their masterplans, one proposal at a time or many at once.

A decision (in review, adopted, partially adopted, not adopted) needs a public response; going
back to "published" does not. Every change keeps who, when and why (a ``StatusChange`` and an
audit entry); the author and the followers are told once the change is committed. All five
statuses are listed ones, so no change here moves the fields' ``proposal_count``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.numbers import format_decimal
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from participation import i18n
from participation.accounts.models import Role, User
from participation.forms import ValidationFailed
from participation.i18n import N_, gettext
from participation.moderation.audit import record
from participation.moderation.models import StatusChange
from participation.notifications.models import Follow, NotificationKind
from participation.notifications.services import notify
from participation.proposals.models import PUBLIC_STATUSES, Proposal, ProposalStatus

# The statuses that answer a proposal: each needs a public response.
DECISIONS: tuple[ProposalStatus, ...] = (
    ProposalStatus.IN_REVIEW,
    ProposalStatus.ADOPTED,
    ProposalStatus.PARTIALLY_ADOPTED,
    ProposalStatus.NOT_ADOPTED,
)
# What a proposal can be set to here, and what it must have to be set at all.
SETTABLE: tuple[ProposalStatus, ...] = (ProposalStatus.PUBLISHED, *DECISIONS)
MAX_RESPONSE = 5_000
MAX_NOTE = 2_000
# Roles that act for the city: the history names them next to the person.
CITY_ROLES = (Role.MODERATOR, Role.PLANNER, Role.ADMIN)

_REFUSALS = {
    ProposalStatus.PENDING: N_(
        "This proposal still awaits moderation: publish it in the moderation queue first."
    ),
    ProposalStatus.HIDDEN: N_(
        "This proposal is hidden by moderation: restore it first, then change its status."
    ),
    ProposalStatus.MERGED: N_(
        "This proposal was merged into another one: answer that one, or undo the merge first."
    ),
    ProposalStatus.WITHDRAWN: N_(
        "Its author has withdrawn this proposal, so it takes no official response."
    ),
}


def refusal(proposal: Proposal) -> str:
    """Why this proposal's status cannot be changed here; empty when it can."""
    message = _REFUSALS.get(proposal.status)
    return gettext(message) if message else ""


def _tidy(text: str) -> str:
    # Browsers send a textarea's line breaks as CRLF but count them as one character.
    return text.replace("\r\n", "\n").strip()


def _number(value: int) -> str:
    return format_decimal(value, locale=i18n.current_language())


def _checked(status: str, response: str, reason: str) -> tuple[ProposalStatus, str, str]:
    """The status, public response and internal note as stored, or every error at once."""
    errors: dict[str, str] = {}
    chosen = next((s for s in SETTABLE if s.value == status), None)
    if chosen is None:
        errors["status"] = gettext("Please choose one of the statuses.")
    text, note = _tidy(response), _tidy(reason)
    if not text and chosen in DECISIONS:
        errors["response"] = gettext("Please write the public response: this status needs one.")
    elif len(text) > MAX_RESPONSE:
        errors["response"] = gettext(
            "The text has %(count)s characters; at most %(max)s are possible."
        ) % {"count": _number(len(text)), "max": _number(MAX_RESPONSE)}
    if len(note) > MAX_NOTE:
        errors["reason"] = gettext("The reason can be at most %(max)s characters long.") % {
            "max": MAX_NOTE
        }
    if errors or chosen is None:
        raise ValidationFailed(errors)
    return chosen, text, note


async def _locked(ids: list[int], connection: BaseDBAsyncClient) -> list[Proposal]:
    rows = await (
        Proposal.filter(id__in=ids)
        .select_for_update()
        .using_db(connection)
        .order_by("id")  # one lock order for everyone: two batches never deadlock
    )
    if len(rows) != len(set(ids)):
        raise ValidationFailed({"form": gettext("A proposal of this selection no longer exists.")})
    return rows


def _refusals(proposals: list[Proposal]) -> str:
    """Every proposal of a batch that cannot take a status, by title and why; empty if none."""
    return "; ".join(
        gettext("“%(title)s”: %(reason)s") % {"title": p.title, "reason": refusal(p)}
        for p in proposals
        if refusal(p)
    )


async def _apply(
    proposal: Proposal,
    *,
    by: User,
    status: ProposalStatus,
    response: str,
    reason: str,
    batch: int,
    connection: BaseDBAsyncClient,
) -> None:
    previous = proposal.status
    await StatusChange.create(
        proposal_id=proposal.id,
        from_status=previous,
        to_status=status,
        changed_by=by,
        reason=reason,
        response=response,
        using_db=connection,
    )
    await (
        Proposal.filter(id=proposal.id)
        .using_db(connection)
        .update(status=status, official_response=response)
    )
    details: dict[str, object] = {
        "from_status": str(previous),
        "to_status": str(status),
        "response": response,
    }
    if batch > 1:
        details["batch_size"] = batch
    await record(
        actor=by,
        action="proposal.status",
        target_type="proposal",
        target_id=proposal.id,
        reason=reason,
        details=details,
        connection=connection,
    )
    proposal.status, proposal.official_response = status, response


def _unchanged(proposal: Proposal, status: ProposalStatus, response: str) -> bool:
    return proposal.status == status and proposal.official_response == response


async def change_status(
    *,
    proposal: Proposal,
    by: User,
    status: str,
    response: str,
    reason: str = "",
    base_url: str | None = None,
) -> Proposal:
    """Set one proposal's status with its public response and an internal note.

    The same status with a new response corrects the response; the same status and response
    again is refused, as nothing would change."""
    chosen, text, note = _checked(status, response, reason)
    async with in_transaction() as connection:
        [current] = await _locked([proposal.id], connection)
        if refusal(current):
            raise ValidationFailed({"form": refusal(current)})
        if _unchanged(current, chosen, text):
            raise ValidationFailed(
                {"form": gettext("The proposal has this status and response already.")}
            )
        await _apply(
            current,
            by=by,
            status=chosen,
            response=text,
            reason=note,
            batch=1,
            connection=connection,
        )
    proposal.status, proposal.official_response = chosen, text
    await _notify([current], by=by, base_url=base_url)
    return proposal


async def change_status_of_many(
    *,
    proposals: Sequence[Proposal],
    by: User,
    status: str,
    response: str,
    reason: str = "",
    base_url: str | None = None,
) -> list[Proposal]:
    """Give many proposals one status and response, all or none: if any of them cannot take
    it, nothing changes and the error names each such proposal. Proposals that have this
    status and response already are left as they are. Returns the proposals changed."""
    chosen, text, note = _checked(status, response, reason)
    if not proposals:
        raise ValidationFailed({"form": gettext("Please select at least one proposal.")})
    async with in_transaction() as connection:
        current = await _locked([p.id for p in proposals], connection)
        refused = _refusals(current)
        if refused:
            raise ValidationFailed(
                {"form": gettext("No status was changed. %(list)s") % {"list": refused}}
            )
        changed = [p for p in current if not _unchanged(p, chosen, text)]
        for proposal in changed:
            await _apply(
                proposal,
                by=by,
                status=chosen,
                response=text,
                reason=note,
                batch=len(changed),
                connection=connection,
            )
    given = {p.id: p for p in proposals}
    for proposal in changed:
        given[proposal.id].status, given[proposal.id].official_response = chosen, text
    await _notify(changed, by=by, base_url=base_url)
    return [given[p.id] for p in changed]


# Telling people


async def _notify(proposals: list[Proposal], *, by: User, base_url: str | None) -> None:
    """The author and the followers of each proposal, not the person who changed it; each
    in their own language. Runs after the commit: nobody hears of a change that failed."""
    if not proposals:
        return
    ids = [p.id for p in proposals]
    followers: dict[int, list[User]] = {}
    for follow in await Follow.filter(proposal_id__in=ids).select_related("user"):
        followers.setdefault(follow.proposal_id, []).append(follow.user)  # type: ignore[attr-defined]
    authors = {u.id: u for u in await User.filter(proposals__id__in=ids).distinct()}
    for proposal in proposals:
        author = authors.get(proposal.author_id)  # type: ignore[attr-defined]
        people = [author, *followers.get(proposal.id, [])]
        recipients = [u for u in people if u is not None and u.id != by.id]
        await notify(
            users=recipients,
            kind=(
                NotificationKind.OFFICIAL_RESPONSE
                if proposal.official_response
                else NotificationKind.STATUS_CHANGED
            ),
            proposal=proposal,
            text=_message(proposal.title, proposal.status, bool(proposal.official_response)),
            base_url=base_url,
        )


def _message(title: str, status: ProposalStatus, answered: bool) -> Callable[[], str]:
    """The notification, written later in each recipient's language."""

    def text() -> str:
        if answered:
            message = gettext("“%(title)s” has an official response: %(status)s.")
        else:
            message = gettext("The status of “%(title)s” is now: %(status)s.")
        return message % {"title": title, "status": status.label}

    return text


# What the public reads


@dataclass(frozen=True)
class HistoryEntry:
    """One public step of a proposal's history. Internal notes are never part of it."""

    status: ProposalStatus
    at: datetime
    by: str  # the person's name; empty where nobody is named (the first publication)
    role: Role | None  # where the person acts for the city
    response: str

    @property
    def who(self) -> str:
        """The name as the public reads it, with the city role: "Anna Berg (Planung)"."""
        return f"{self.by} ({self.role.label})" if self.by and self.role else self.by


@dataclass(frozen=True)
class StatusHistory:
    entries: list[HistoryEntry]
    current: ProposalStatus

    @property
    def worth_showing(self) -> bool:
        """More than the first publication happened."""
        return len(self.entries) > 1

    @property
    def official(self) -> HistoryEntry | None:
        """The step that gave the proposal its current official response, if it has one."""
        last = self.entries[-1] if self.entries else None
        if last is None or not last.response or last.status != self.current:
            return None
        return last


def _public(change: dict[str, Any]) -> bool:
    # Hiding and restoring are moderation, with reasons for the author only; what the public
    # sees is publication, the city's decisions, merges and their undoing.
    return change["to_status"] in PUBLIC_STATUSES and change["from_status"] != ProposalStatus.HIDDEN


def _entry(change: dict[str, Any]) -> HistoryEntry:
    if change["from_status"] == ProposalStatus.PENDING:  # the publication names nobody
        name, role = "", None
    else:
        name, role = change["name"] or "", change["role"]
    return HistoryEntry(
        status=ProposalStatus(change["to_status"]),
        at=change["created_at"],
        by=name,
        role=Role(role) if role in CITY_ROLES else None,
        response=change["response"],
    )


async def status_history(proposal: Proposal) -> StatusHistory:
    """The public history of a proposal in one query, oldest first, starting with its
    publication (a moderator's publication of a pre-moderated one shows as just that)."""
    changes = await (
        StatusChange.filter(proposal_id=proposal.id)
        .order_by("created_at", "id")
        .values(
            "from_status",
            "to_status",
            "response",
            "created_at",
            name="changed_by__display_name",
            role="changed_by__role",
        )
    )
    return history_of(proposal, changes)


def history_of(proposal: Proposal, changes: Sequence[dict[str, Any]]) -> StatusHistory:
    """The public history from the proposal's status changes, oldest first (each with
    from_status, to_status, response, created_at, and the name and role of who made it)."""
    entries = [_entry(c) for c in changes if _public(c)]
    if not any(c["from_status"] == ProposalStatus.PENDING for c in changes if _public(c)):
        published = HistoryEntry(ProposalStatus.PUBLISHED, proposal.created_at, "", None, "")
        entries.insert(0, published)
    return StatusHistory(entries, proposal.status)
