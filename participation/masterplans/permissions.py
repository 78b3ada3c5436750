"""What each phase opens to participants, and what an archived masterplan closes. The server
asks this on every action."""

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
    CONSULT = "consult"  # participants comment on the sections of the published draft
    DRAFT = "draft"  # planners change the draft: versions, sections, input links


OPEN_IN: dict[Activity, frozenset[Phase]] = {
    Activity.SUBMIT: frozenset({Phase.COLLECTION}),
    Activity.EDIT: frozenset({Phase.COLLECTION}),
    Activity.COMMENT: frozenset({Phase.COLLECTION, Phase.EVALUATION}),
    Activity.VOTE: frozenset({Phase.COLLECTION, Phase.EVALUATION}),
    Activity.COSIGN: frozenset({Phase.COLLECTION, Phase.EVALUATION}),
    Activity.CONSULT: frozenset({Phase.CONSULTATION}),
    Activity.DRAFT: frozenset(Phase),  # the planners' own work follows no phase
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
ARCHIVED_BECAUSE = N_(
    "This masterplan is archived: everything stays readable, but nothing can be added or "
    "changed any more."
)


def phase_allows(masterplan: Masterplan, activity: Activity) -> bool:
    """Whether the activity is open now: never in an archived masterplan, else by phase."""
    return not masterplan.is_archived and masterplan.phase in OPEN_IN[activity]


def closed_reason(masterplan: Masterplan, activity: Activity) -> str | None:
    """Why the activity is closed, in the reader's language; None if it is open."""
    if masterplan.is_archived:
        return gettext(ARCHIVED_BECAUSE)
    if phase_allows(masterplan, activity):
        return None
    return gettext(_CLOSED_BECAUSE[masterplan.phase])
