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
    # Who caused it, where a notification names a person (a reply, a comment): the name is
    # read with the list, so a renamed person shows their new name and a deleted account
    # (SET NULL) none at all; such rows keep no name in ``text``.
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="caused_notifications",
        null=True,
        on_delete=fields.SET_NULL,
    )
    text = fields.TextField(default="")  # a short summary in the recipient's language
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)
    emailed_at = fields.DatetimeField(null=True)  # sent alone or in the daily digest

    class Meta:
        table = "notification"
        indexes = (("user_id", "read_at"), ("user_id", "emailed_at"), ("actor_id",))
        ordering = ["-created_at", "-id"]

    @property
    def summary(self) -> str:
        """What the notification says, in the current language. A reply or a comment names
        its speaker as they are called now: read the rows with :data:`SUMMARY_RELATED`."""
        if self.kind not in NAMING_KINDS:
            return self.text
        title = self.proposal.title if self.proposal is not None else ""
        return named_sentence(self.kind, name=self.speaker, title=title)

    @property
    def speaker(self) -> str:
        """The organisation a partner spoke for, else the person, else "deleted account"."""
        organization = self.comment.organization if self.comment is not None else None
        if organization is not None:
            return organization.name
        return self.actor.display_name if self.actor is not None else gettext("deleted account")


# The notifications that name who caused them, and their sentences.
_NAMING = {
    NotificationKind.REPLY: N_("%(name)s replied to your comment on “%(title)s”."),
    NotificationKind.COMMENT: N_("%(name)s commented on “%(title)s”."),
}
NAMING_KINDS = frozenset(_NAMING)
# What :attr:`Notification.summary` reads; every query that shows notifications loads it.
SUMMARY_RELATED = ("actor", "proposal", "comment__organization")


def named_sentence(kind: NotificationKind, *, name: str, title: str) -> str:
    """The sentence of a notification that names who caused it, in the current language."""
    return gettext(_NAMING[kind]) % {"name": name, "title": title}
