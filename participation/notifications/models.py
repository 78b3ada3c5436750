from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.i18n import N_, gettext
from participation.proposals.models import Proposal


class NotificationKind(StrEnum):
    REPLY = "reply"  # someone answered the person's comment
    COMMENT = "comment"  # a new comment on a followed proposal
    STATUS_CHANGED = "status_changed"  # a followed proposal changed status
    OFFICIAL_RESPONSE = "official_response"  # the city answered a followed proposal
    MERGED = "merged"  # a supported proposal was merged into another
    ADOPTED_INTO_DRAFT = "adopted_into_draft"  # a planner took it into the draft
    MODERATED = "moderated"  # moderation hid, restored, moved or retitled the person's item
    PHASE_CHANGED = "phase_changed"  # a masterplan of followed proposals entered a new phase

    @property
    def label(self) -> str:
        return gettext(_KIND_LABELS[self])


_KIND_LABELS = {
    NotificationKind.REPLY: N_("Reply to your comment"),
    NotificationKind.COMMENT: N_("New comment"),
    NotificationKind.STATUS_CHANGED: N_("Status changed"),
    NotificationKind.OFFICIAL_RESPONSE: N_("Official response"),
    NotificationKind.MERGED: N_("Merged"),
    NotificationKind.ADOPTED_INTO_DRAFT: N_("Taken into the draft"),
    NotificationKind.MODERATED: N_("Moderation"),
    NotificationKind.PHASE_CHANGED: N_("New phase"),
}


class Follow(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="follows", on_delete=fields.CASCADE
    )
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="follows", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "follow"
        unique_together = (("user", "proposal"),)
        indexes = (("proposal_id",),)  # the followers told about a change


class Notification(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="notifications", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(NotificationKind, max_length=30)
    proposal: fields.ForeignKeyNullableRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal",
        related_name="notifications",
        null=True,
        on_delete=fields.CASCADE,
    )
    comment: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "participation.Comment",
        related_name="notifications",
        null=True,
        on_delete=fields.CASCADE,
    )
    text = fields.TextField(default="")  # a short summary in the recipient's language
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)
    emailed_at = fields.DatetimeField(null=True)  # sent alone or in the daily digest

    class Meta:
        table = "notification"
        indexes = (("user_id", "read_at"), ("user_id", "emailed_at"))
        ordering = ["-created_at", "-id"]
