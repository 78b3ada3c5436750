"""What each phase opens to participants. The server asks this on every action."""

from __future__ import annotations

from enum import StrEnum

from participation.i18n import N_, gettext
from participation.masterplans.models import Masterplan, Phase


class Activity(StrEnum):
    SUBMIT = "submit"  # new proposals
    EDIT = "edit"  # authors change their proposals
    COMMENT = "comment"  # comments and replies on proposals
    VOTE = "vote"  # support, oppose, change or withdraw a vote
    COSIGN = "cosign"  # organisations co-sign proposals


OPEN_IN: dict[Activity, frozenset[Phase]] = {
    Activity.SUBMIT: frozenset({Phase.COLLECTION}),
    Activity.EDIT: frozenset({Phase.COLLECTION}),
    Activity.COMMENT: frozenset({Phase.COLLECTION, Phase.EVALUATION}),
    Activity.VOTE: frozenset({Phase.COLLECTION, Phase.EVALUATION}),
    Activity.COSIGN: frozenset({Phase.COLLECTION, Phase.EVALUATION}),
}

_CLOSED_BECAUSE = {
    Phase.PREPARATION: N_(
        "This masterplan is still being prepared; participation opens with the collection phase."
    ),
    Phase.COLLECTION: N_("This is not possible while proposals are being collected."),
    Phase.EVALUATION: N_(
        "The collection phase has ended: no new proposals or changes, but "
        "comments and votes stay open until the evaluation ends."
    ),
    Phase.DRAFTING: N_(
        "The planners are writing the draft; participation is closed until "
        "the draft is published for consultation."
    ),
    Phase.CONSULTATION: N_(
        "The draft is out for consultation: comment on its sections. "
        "Proposals, comments and votes on proposals are closed."
    ),
    Phase.ADOPTED: N_("This masterplan has been adopted; everything is read-only."),
}


def phase_allows(masterplan: Masterplan, activity: Activity) -> bool:
    return masterplan.phase in OPEN_IN[activity]


def closed_reason(masterplan: Masterplan, activity: Activity) -> str | None:
    """Why the phase closes this activity, in the reader's language; None if it is open."""
    if phase_allows(masterplan, activity):
        return None
    return gettext(_CLOSED_BECAUSE[masterplan.phase])
