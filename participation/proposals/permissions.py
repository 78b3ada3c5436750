"""Who may do what with a proposal, and why not. Routes and templates ask the same
predicates; each answer carries the reason a refused person is shown."""

from __future__ import annotations

from dataclasses import dataclass

from participation.accounts.models import Membership, MembershipStatus, User
from participation.accounts.permissions import is_suspended
from participation.i18n import format_day, gettext
from participation.masterplans.models import Masterplan
from participation.masterplans.permissions import ARCHIVED_BECAUSE, Activity, closed_reason
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # why not, for the person; empty when allowed

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def _participant(user: User | None) -> Decision:
    if user is None:
        return Decision(False, gettext("Please sign in to take part."))
    if user.email_verified_at is None:
        return Decision(False, gettext("Please confirm your e-mail address first."))
    if is_suspended(user):
        return Decision(
            False,
            gettext("Your account is suspended until %(date)s: you can read, but not take part.")
            % {"date": format_day(user.suspended_until, "long") if user.suspended_until else ""},
        )
    return ALLOWED


def _phase(masterplan: Masterplan, activity: Activity) -> Decision:
    reason = closed_reason(masterplan, activity)
    return Decision(False, reason) if reason else ALLOWED


def _open_proposal(proposal: Proposal) -> Decision:
    if proposal.status not in LISTED_STATUSES:
        return Decision(False, gettext("This proposal is closed."))
    return ALLOWED


def _first_refusal(*decisions: Decision) -> Decision:
    return next((d for d in decisions if not d.allowed), ALLOWED)


def can_submit(user: User | None, masterplan: Masterplan) -> Decision:
    return _first_refusal(_phase(masterplan, Activity.SUBMIT), _participant(user))


def can_vote(user: User | None, proposal: Proposal, masterplan: Masterplan) -> Decision:
    return _first_refusal(
        _open_proposal(proposal), _phase(masterplan, Activity.VOTE), _participant(user)
    )


def can_comment(user: User | None, proposal: Proposal, masterplan: Masterplan) -> Decision:
    return _first_refusal(
        _open_proposal(proposal), _phase(masterplan, Activity.COMMENT), _participant(user)
    )


def can_follow(user: User | None, proposal: Proposal) -> Decision:
    if user is None:
        return Decision(False, gettext("Please sign in to take part."))
    return _open_proposal(proposal) if proposal.status != ProposalStatus.MERGED else ALLOWED


def can_edit(user: User | None, proposal: Proposal, masterplan: Masterplan) -> Decision:
    """The author, until the first vote or comment arrives, while collection is open."""
    if user is None or proposal.author_id != user.id:  # type: ignore[attr-defined]
        return Decision(False, gettext("Only the author can change a proposal."))
    if proposal.vote_count or proposal.comment_count:
        return Decision(
            False,
            gettext(
                "A proposal cannot be changed once it has votes or comments: they refer to "
                "what it says now."
            ),
        )
    return _first_refusal(
        _open_proposal(proposal), _phase(masterplan, Activity.EDIT), _participant(user)
    )


def can_withdraw(user: User | None, proposal: Proposal, masterplan: Masterplan) -> Decision:
    """The author, at any time while the proposal is open, unless its masterplan is archived
    (an archive is read-only)."""
    if user is None or proposal.author_id != user.id:  # type: ignore[attr-defined]
        return Decision(False, gettext("Only the author can withdraw a proposal."))
    if masterplan.is_archived:
        return Decision(False, gettext(ARCHIVED_BECAUSE))
    return _open_proposal(proposal)


def can_cosign(
    user: User | None, proposal: Proposal, masterplan: Masterplan, membership: Membership | None
) -> Decision:
    """A confirmed member co-signs in the name of their organisation, not its own proposal."""
    decision = _first_refusal(
        _open_proposal(proposal), _phase(masterplan, Activity.COSIGN), _participant(user)
    )
    if not decision:
        return decision
    if membership is None or membership.status != MembershipStatus.CONFIRMED:
        return Decision(
            False, gettext("Only confirmed members of an organisation can co-sign in its name.")
        )
    if proposal.organization_id == membership.organization_id:  # type: ignore[attr-defined]
        return Decision(False, gettext("This is your organisation's own proposal."))
    return ALLOWED
