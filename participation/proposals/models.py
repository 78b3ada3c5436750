from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import Organization, StakeholderGroup, User
from participation.i18n import N_, gettext
from participation.masterplans.models import FieldOfAction, Masterplan


class ProposalStatus(StrEnum):
    PENDING = "pending"  # awaits moderation where the masterplan pre-moderates
    PUBLISHED = "published"  # public, open to comments and votes as the phase allows
    IN_REVIEW = "in_review"  # planners are looking at it; official response given
    ADOPTED = "adopted"  # taken up; official response given
    PARTIALLY_ADOPTED = "partially_adopted"  # taken up in part; official response given
    NOT_ADOPTED = "not_adopted"  # not taken up; official response given
    MERGED = "merged"  # a duplicate, merged into another proposal (linked)
    HIDDEN = "hidden"  # hidden by moderation, with a reason the author sees
    WITHDRAWN = "withdrawn"  # withdrawn by its author

    @property
    def label(self) -> str:
        return gettext(_STATUS_LABELS[self])


_STATUS_LABELS = {
    ProposalStatus.PENDING: N_("Awaiting moderation"),
    ProposalStatus.PUBLISHED: N_("Published"),
    ProposalStatus.IN_REVIEW: N_("In review"),
    ProposalStatus.ADOPTED: N_("Adopted"),
    ProposalStatus.PARTIALLY_ADOPTED: N_("Partially adopted"),
    ProposalStatus.NOT_ADOPTED: N_("Not adopted"),
    ProposalStatus.MERGED: N_("Merged"),
    ProposalStatus.HIDDEN: N_("Hidden"),
    ProposalStatus.WITHDRAWN: N_("Withdrawn"),
}


# consensus = Π_g (s_g + 1) / (n_g + 2) over every group: 1/2 per group before any vote.
NO_VOTES_CONSENSUS = 0.5 ** len(StakeholderGroup)

# Statuses that lists, rankings and counts show to everyone.
LISTED_STATUSES: tuple[ProposalStatus, ...] = (
    ProposalStatus.PUBLISHED,
    ProposalStatus.IN_REVIEW,
    ProposalStatus.ADOPTED,
    ProposalStatus.PARTIALLY_ADOPTED,
    ProposalStatus.NOT_ADOPTED,
)
# Statuses whose page a visitor may open (a merged proposal shows where it went).
PUBLIC_STATUSES: tuple[ProposalStatus, ...] = (*LISTED_STATUSES, ProposalStatus.MERGED)


class Proposal(Model):
    id = fields.IntField(primary_key=True)
    masterplan: fields.ForeignKeyRelation[Masterplan] = fields.ForeignKeyField(
        "participation.Masterplan", related_name="proposals", on_delete=fields.RESTRICT
    )
    field_of_action: fields.ForeignKeyRelation[FieldOfAction] = fields.ForeignKeyField(
        "participation.FieldOfAction", related_name="proposals", on_delete=fields.RESTRICT
    )
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="proposals", null=True, on_delete=fields.SET_NULL
    )
    # Set when the author submits on behalf of their confirmed organisation.
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "participation.Organization",
        related_name="proposals",
        null=True,
        on_delete=fields.SET_NULL,
    )
    stakeholder_group = fields.CharEnumField(StakeholderGroup, max_length=20)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    disclosure = fields.TextField(default="")  # the interest a company or association declares
    status = fields.CharEnumField(ProposalStatus, max_length=20, default=ProposalStatus.PUBLISHED)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    edited_at = fields.DatetimeField(null=True)  # the author changed title or text
    # Why moderation hid it; shown to its author, never to the public.
    moderation_reason = fields.TextField(default="")
    # The public official response that goes with in_review / adopted / not_adopted.
    official_response = fields.TextField(default="")
    original_title = fields.CharField(max_length=200, default="")  # before a moderator's edit
    merged_into: fields.ForeignKeyNullableRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal",
        related_name="merged_duplicates",
        null=True,
        on_delete=fields.SET_NULL,
    )

    # Counters kept by the vote and comment services in the same transaction as the change,
    # so that no page ever aggregates the vote or comment tables.
    supports = fields.IntField(default=0)
    opposes = fields.IntField(default=0)
    vote_count = fields.IntField(default=0)
    wilson = fields.FloatField(default=0.0)
    # The planners' scores (DESIGN.md §4), kept with every vote like ``wilson``; ``balanced``
    # follows the masterplan's group weights and is recomputed when they change.
    balanced = fields.FloatField(default=0.0, db_default=0.0)
    consensus = fields.FloatField(default=NO_VOTES_CONSENSUS, db_default=NO_VOTES_CONSENSUS)
    comment_count = fields.IntField(default=0)
    cosign_count = fields.IntField(default=0)
    follower_count = fields.IntField(default=0)

    attachments: fields.ReverseRelation[Attachment]
    cosignatures: fields.ReverseRelation[CoSignature]

    class Meta:
        table = "proposal"
        # One index per sort order of the lists, in the sort's own directions, is created
        # by migration 0008 in SQL (Tortoise's indexes know no DESC): a list page reads the
        # first rows of one index and stops. Here: a person's own proposals.
        indexes = (("author_id", "created_at"),)

    def __str__(self) -> str:
        return self.title


class Attachment(Model):
    """A file attached to a proposal, stored outside static/ under a random name."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="attachments", on_delete=fields.CASCADE
    )
    original_name = fields.CharField(max_length=200)  # as uploaded, shown and offered
    stored_name = fields.CharField(max_length=64, unique=True)  # random, on disk
    content_type = fields.CharField(max_length=100)  # decided by the content, not the name
    size = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachment"
        ordering = ["id"]
        indexes = (("proposal_id",),)


class CoSignature(Model):
    """An organisation co-signs ("zeichnet mit") a proposal, by one of its confirmed members."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="cosignatures", on_delete=fields.CASCADE
    )
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "participation.Organization", related_name="cosignatures", on_delete=fields.CASCADE
    )
    signed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="cosignatures", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "cosignature"
        unique_together = (("proposal", "organization"),)
        ordering = ["created_at", "id"]
