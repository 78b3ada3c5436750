from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import User


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting to be sent (again, after a failed try)
    SENT = "sent"  # handed to the mail server
    FAILED = "failed"  # gave up after the last retry; shown to admins, never dropped


class OutboxMessage(Model):
    id = fields.IntField(primary_key=True)
    # Deleting the account deletes its queued mail: no address stays behind.
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="outbox_messages",
        null=True,
        on_delete=fields.CASCADE,
    )
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=250)
    body = fields.TextField()
    status = fields.CharEnumField(OutboxStatus, max_length=10, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    next_attempt_at = fields.DatetimeField(db_index=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"
        indexes = (("status", "next_attempt_at"),)
