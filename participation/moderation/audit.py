"""The audit log: every moderation and admin action, written in the action's transaction.
The app only ever inserts these rows; no route edits or deletes them."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient

from participation.accounts.models import User
from participation.i18n import format_moment, gettext
from participation.moderation.audit_names import Names
from participation.moderation.audit_words import ACTION_LABELS, ACTION_SENTENCES, TARGET_LABELS
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


# Telling an entry in people's words ---------------------------------------------------------


@dataclass(frozen=True)
class Told:
    """One entry as people read it: what happened, and what it was about."""

    sentence: str  # e.g. "Handlungsfeld „Glasfaser“ umbenannt in „Glasfaserstrategie“"
    about: str  # e.g. "Vorschlag: WLAN in allen Schulen"
    name: str  # e.g. "WLAN in allen Schulen"
    path: str | None  # the target's page, where it has one


def _label_of(value: str, kinds: tuple[type[StrEnum], ...]) -> str:
    for kind in kinds:
        try:
            return str(kind(value).label)  # type: ignore[attr-defined]
        except ValueError:
            continue
    return value


def _readable(action: str, key: str, value: object) -> str | None:
    """A detail as a sentence shows it; None for what a sentence cannot hold (lists, ids)."""
    from participation.accounts.models import Role
    from participation.masterplans.models import Phase
    from participation.planning.models import Disposition
    from participation.proposals.models import ProposalStatus

    if isinstance(value, (bool, list, dict)) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if "status" in key:
        return _label_of(text, (ProposalStatus,))
    if key == "disposition":
        return _label_of(text, (Disposition,))
    if action.startswith("masterplan.") and key in ("from", "to", "phase"):
        return _label_of(text, (Phase,))
    if action == "user.change_role" and key in ("from", "to"):
        return _label_of(text, (Role,))
    if len(text) >= 19 and text[4] == "-" and text[10] == "T":  # an ISO moment
        try:
            return format_moment(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def _facts(entry: AuditEntry, about: str, names: Names) -> dict[str, str]:
    details = entry.details if isinstance(entry.details, dict) else {}
    facts = {
        key: shown
        for key, value in details.items()
        if (shown := _readable(entry.action, key, value)) is not None
    }
    facts.setdefault("name", about)
    other = details.get("target_id")
    if isinstance(other, int) and ("proposal", other) in names:
        facts.setdefault("target_name", names[("proposal", other)].name)
    return facts


def _labelled(label: str, about: str) -> str:
    return gettext("%(label)s: “%(name)s”") % {"label": label, "name": about} if about else label


def tell(entry: AuditEntry, names: Names) -> Told:
    """The entry in the reader's language: its sentence where the action has one and the
    details hold what it needs, else its label and what it concerns."""
    target = names.get((entry.target_type, int(entry.target_id or 0)))
    details = entry.details if isinstance(entry.details, dict) else {}
    kept = details.get("name")
    kind = target_label(entry.target_type, None) if entry.target_type else ""
    name = kept if isinstance(kept, str) and kept else (target.name if target else "")
    if name:
        about = f"{kind}: {name}" if kind else name
    elif entry.target_id is not None:  # gone, and the entry did not keep its name
        about = gettext("%(what)s (no longer there)") % {"what": kind}
    else:
        about = kind
    sentence = _labelled(action_label(entry.action), name)
    template = ACTION_SENTENCES.get(entry.action)
    if template and name:
        # An older entry without what the sentence needs keeps its label.
        with suppress(KeyError, TypeError, ValueError):
            sentence = gettext(template) % _facts(entry, name, names)
    elif not name and about:
        sentence = f"{sentence} – {about}"
    return Told(sentence, about, name, target.path if target else None)
