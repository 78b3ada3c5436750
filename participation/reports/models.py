from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import User


class CouncilReportSnapshot(Model):
    """An issued council report, kept as it was: the next report says what changed since."""

    id = fields.IntField(primary_key=True)
    scope = fields.CharField(max_length=80, db_index=True)  # a masterplan slug, or "all"
    issued_at = fields.DatetimeField(auto_now_add=True)
    issued_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="issued_reports",
        null=True,
        on_delete=fields.SET_NULL,
    )
    figures: dict[str, object] = fields.JSONField(default=dict)
    document = fields.TextField(default="")  # the report as issued, in Markdown

    class Meta:
        table = "council_report_snapshot"
        ordering = ["-issued_at", "-id"]
