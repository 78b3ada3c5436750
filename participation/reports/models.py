from __future__ import annotations

from typing import Any

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
    # What the next report compares with (reports/changes.py: baseline).
    figures: dict[str, Any] = fields.JSONField(default=dict)
    # The report as issued, as data (reports/document.py), drawn again on every download so
    # that what moderation hides later is taken out; None for reports issued before 0010.
    contents: dict[str, Any] | None = fields.JSONField(null=True)
    document = fields.TextField(default="")  # reports issued before 0010: their Markdown

    class Meta:
        table = "council_report_snapshot"
        ordering = ["-issued_at", "-id"]
