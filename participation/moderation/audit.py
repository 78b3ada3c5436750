"""The audit log: every moderation and admin action, written in the action's transaction.
The app only ever inserts these rows; no route edits or deletes them."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from participation.accounts.models import User
from participation.i18n import gettext
from participation.moderation.audit_words import ACTION_LABELS, TARGET_LABELS
from participation.moderation.models import AuditEntry

SYSTEM_ACTOR = "system"  # the actor name of what the platform does by itself


async def record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    reason: str = "",
    details: dict[str, object] | None = None,
    connection: BaseDBAsyncClient | None = None,
) -> AuditEntry:
    """Write one audit entry; the name is kept as it was, should the account go later."""
    return await AuditEntry.create(
        actor=actor,
        actor_name=actor.display_name if actor is not None else SYSTEM_ACTOR,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        details=details or {},
        using_db=connection,
    )


def action_label(action: str) -> str:
    """The action in the reader's language; a key without a label as it is."""
    return gettext(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def target_label(target_type: str, target_id: int | None) -> str:
    """What an entry is about, e.g. "Vorschlag 12"."""
    kind = gettext(TARGET_LABELS[target_type]) if target_type in TARGET_LABELS else target_type
    return f"{kind} {target_id}" if target_id is not None else kind
