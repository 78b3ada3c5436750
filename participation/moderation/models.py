from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.i18n import N_, gettext
from participation.proposals.models import Proposal


class ReportReason(StrEnum):
    SPAM = "spam"
    ABUSE = "abuse"  # insults, discrimination, threats
    PERSONAL_DATA = "personal_data"  # someone else's personal data
    OFF_TOPIC = "off_topic"
    ILLEGAL = "illegal"
    OTHER = "other"

    @property
    def label(self) -> str:
        return gettext(_REASON_LABELS[self])


_REASON_LABELS = {
    ReportReason.SPAM: N_("Spam or advertising"),
    ReportReason.ABUSE: N_("Insult, discrimination or threat"),
    ReportReason.PERSONAL_DATA: N_("Personal data of others"),
    ReportReason.OFF_TOPIC: N_("Not about the masterplan"),
    ReportReason.ILLEGAL: N_("Possibly illegal content"),
    ReportReason.OTHER: N_("Something else"),
}


class ReportStatus(StrEnum):
    OPEN = "open"  # waiting for a moderator
    DISMISSED = "dismissed"  # looked at, the content stays
    UPHELD = "upheld"  # looked at, the content was hidden


class Report(Model):
    """A signed-in person reports a proposal or a comment (exactly one of the two)."""

    id = fields.IntField(primary_key=True)
    reporter: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="reports", null=True, on_delete=fields.SET_NULL
    )
    proposal: fields.ForeignKeyNullableRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="reports", null=True, on_delete=fields.CASCADE
    )
    comment: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "participation.Comment", related_name="reports", null=True, on_delete=fields.CASCADE
    )
    reason = fields.CharEnumField(ReportReason, max_length=20)
    text = fields.TextField(default="")
    status = fields.CharEnumField(ReportStatus, max_length=10, default=ReportStatus.OPEN)
    created_at = fields.DatetimeField(auto_now_add=True)
    handled_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="handled_reports",
        null=True,
        on_delete=fields.SET_NULL,
    )
    handled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "report"
        # One report per person and item: the threshold counts distinct people.
        unique_together = (("reporter", "proposal"), ("reporter", "comment"))
        indexes = (("status", "created_at"),)


class StatusChange(Model):
    """Every change of a proposal's status: who, when, why, and the public response."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="status_changes", on_delete=fields.CASCADE
    )
    from_status = fields.CharField(max_length=20)
    to_status = fields.CharField(max_length=20)
    changed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="status_changes",
        null=True,
        on_delete=fields.SET_NULL,
    )
    reason = fields.TextField(default="")  # internal or shown to the author (hiding)
    response = fields.TextField(default="")  # the official response, public
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "status_change"
        ordering = ["created_at", "id"]
        indexes = (("proposal_id", "created_at"),)


class Merge(Model):
    """A duplicate merged into a target, with what it takes to undo it exactly."""

    id = fields.IntField(primary_key=True)
    duplicate: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="merges_as_duplicate", on_delete=fields.CASCADE
    )
    target: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="merges_as_target", on_delete=fields.CASCADE
    )
    moderator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="merges", null=True, on_delete=fields.SET_NULL
    )
    previous_status = fields.CharField(max_length=20)
    # Vote ids moved to the target, and votes dropped because their voter had voted on the
    # target already ([voter_id, value, group]); an undo puts both back.
    moved_vote_ids: list[int] = fields.JSONField(default=list)
    dropped_votes: list[list[object]] = fields.JSONField(default=list)
    # What else moved to the target, for the undo: {"comments": [comment ids], "followers":
    # [user ids], "cosigners": [organisation ids]} (see moderation/merge_carry.py).
    carried: dict[str, list[int]] = fields.JSONField(default=dict, db_default={})
    created_at = fields.DatetimeField(auto_now_add=True)
    undone_at = fields.DatetimeField(null=True)

    class Meta:
        table = "merge"


class AuditEntry(Model):
    """One moderation or admin action. The app only ever inserts these rows."""

    id = fields.IntField(primary_key=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="audit_entries",
        null=True,
        on_delete=fields.SET_NULL,
    )
    actor_name = fields.CharField(max_length=100)  # kept if the account is deleted later
    action = fields.CharField(max_length=50, db_index=True)  # e.g. "proposal.hide"
    target_type = fields.CharField(max_length=30)  # "proposal", "comment", "user", ...
    target_id = fields.IntField(null=True)
    reason = fields.TextField(default="")
    details: dict[str, object] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "audit_entry"
        ordering = ["-created_at", "-id"]
