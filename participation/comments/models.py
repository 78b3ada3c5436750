from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import Organization, User
from participation.proposals.models import Proposal


class CommentStatus(StrEnum):
    PUBLISHED = "published"  # visible to everyone
    PENDING = "pending"  # awaits moderation
    HIDDEN = "hidden"  # hidden by moderation, with a reason the author sees
    DELETED = "deleted"  # deleted by its author: the text is gone, the thread stays


class Comment(Model):
    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="comments", on_delete=fields.CASCADE
    )
    parent: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "participation.Comment", related_name="replies", null=True, on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="comments", null=True, on_delete=fields.SET_NULL
    )
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "participation.Organization",
        related_name="comments",
        null=True,
        on_delete=fields.SET_NULL,
    )
    body = fields.TextField()
    depth = fields.SmallIntField(default=1)  # 1 for a comment, 2 for a reply, 3 at most
    moderation_reason = fields.TextField(default="")  # why it was hidden, for its author
    status = fields.CharEnumField(CommentStatus, max_length=20, default=CommentStatus.PUBLISHED)
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "comment"
        ordering = ["created_at", "id"]
        # A proposal's thread and a person's comments, without reading every comment.
        indexes = (("proposal_id", "created_at"), ("author_id", "created_at"))
