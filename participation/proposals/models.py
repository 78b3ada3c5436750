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

    # Counters kept by the vote and comment services in the same transaction as the change,
    # so that no page ever aggregates the vote or comment tables.
    supports = fields.IntField(default=0)
    opposes = fields.IntField(default=0)
    vote_count = fields.IntField(default=0)
    wilson = fields.FloatField(default=0.0)
    comment_count = fields.IntField(default=0)

    class Meta:
        table = "proposal"
        indexes = (
            ("masterplan_id", "status", "wilson", "vote_count"),
            ("field_of_action_id", "status", "wilson", "vote_count"),
        )

    def __str__(self) -> str:
        return self.title
