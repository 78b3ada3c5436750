"""What the operator says about the site: the legal pages' facts and the home page's
introduction, kept in one row that admins edit (Administration → Website)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import User


class SiteSettings(Model):
    """The one row of site settings: each setting by its key, with its text."""

    id = fields.IntField(primary_key=True)
    values: dict[str, str] = fields.JSONField(default=dict)
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="site_settings_changes",
        null=True,
        on_delete=fields.SET_NULL,
    )

    class Meta:
        table = "site_settings"
