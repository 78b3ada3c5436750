"""What admins do with the site settings: check them, save them with an audit entry, and
what a production start says while required ones are missing."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.accounts.services import EMAIL_PATTERN
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.moderation.audit import record
from participation.site.models import SiteSettings
from participation.site.setting_fields import BY_KEY, FIELDS, Kind, SettingField
from participation.site.site_settings import SETTINGS_ID, is_standard, load_site_values

logger = logging.getLogger(__name__)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()/.\-–]+$")
VAT_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,12}$")
AUDIT_VALUE_LENGTH = 80  # how much of each changed value the audit entry keeps


def _problem(setting: SettingField, text: str) -> str | None:
    """What is wrong with one setting's text, in the admin's words; None when it is fine."""
    if len(text) > setting.max_length:
        return gettext("At most %(max)s characters, please (now %(length)s).") % {
            "max": setting.max_length,
            "length": len(text),
        }
    if not text:
        return None
    if setting.kind in (Kind.LINE, Kind.EMAIL, Kind.PHONE, Kind.VAT) and "\n" in text:
        return gettext("Please write it on one line.")
    if setting.kind is Kind.EMAIL and not EMAIL_PATTERN.match(text):
        return gettext("Enter a valid e-mail address.")
    digits = sum(character.isdigit() for character in text)
    if setting.kind is Kind.PHONE and (not PHONE_PATTERN.match(text) or not 5 <= digits <= 20):
        return gettext(
            "Enter a telephone number of digits, spaces and + ( ) / - only, e.g. +49 231 50-0."
        )
    if setting.kind is Kind.VAT and not VAT_PATTERN.match(text.replace(" ", "").upper()):
        return gettext("Enter a VAT identification number such as DE123456789.")
    return None


def clean_settings(values: Mapping[str, str]) -> dict[str, str]:
    """Every setting's text, trimmed, with Windows line ends made plain; refuses the whole
    form with a message per field when one is wrong."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for setting in FIELDS:
        text = values.get(setting.key, "").replace("\r\n", "\n").replace("\r", "\n").strip()
        problem = _problem(setting, text)
        if problem:
            errors[setting.key] = problem
        cleaned[setting.key] = text
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= AUDIT_VALUE_LENGTH else line[: AUDIT_VALUE_LENGTH - 1] + "…"


def _audit_details(
    changed: list[SettingField], old: Mapping[str, object], new: Mapping[str, str], name: str
) -> dict[str, object]:
    """What an audit reader needs: which settings changed, each before and after."""
    labels = [gettext(setting.label) for setting in changed]

    def told(values: Mapping[str, object]) -> str:
        return "; ".join(
            f"{label}: {_short(str(values.get(s.key) or '')) or '–'}"
            for label, s in zip(labels, changed, strict=True)
        )

    return {
        "name": name,
        "fields": ", ".join(labels),
        "keys": [setting.key for setting in changed],
        "before": told(old),
        "after": told(new),
    }


async def _store(wanted: dict[str, str], by: User, name: str) -> tuple[str, ...]:
    async with in_transaction() as connection:
        row = (
            await SiteSettings.filter(id=SETTINGS_ID)
            .select_for_update()
            .using_db(connection)
            .first()
        )
        if row is None:
            row = await SiteSettings.create(id=SETTINGS_ID, values={}, using_db=connection)
        old = row.values if isinstance(row.values, dict) else {}
        changed = [s for s in FIELDS if wanted[s.key] != str(old.get(s.key) or "")]
        if not changed:
            return ()
        kept = {key: text for key, text in old.items() if key not in BY_KEY}  # a newer version's
        row.values = {**kept, **{key: text for key, text in wanted.items() if text}}
        row.updated_by = by
        await row.save(using_db=connection)
        await record(
            actor=by,
            action="site.update_settings",
            target_type="site_settings",
            target_id=row.id,
            details=_audit_details(changed, old, wanted, name),
            connection=connection,
        )
    return tuple(setting.key for setting in changed)


async def save_site_settings(
    *, values: Mapping[str, str], by: User, site_name: str, session_days: int
) -> tuple[str, ...]:
    """Save the website settings; returns the keys that changed. A text left as the
    standard wording is saved empty, so that the pages keep showing it in each reader's
    language."""
    cleaned = clean_settings(values)
    wanted = {
        setting.key: "" if is_standard(setting, text, session_days) else text
        for setting, text in ((s, cleaned[s.key]) for s in FIELDS)
    }
    try:
        return await _store(wanted, by, site_name)
    except IntegrityError:  # two first saves at the same moment: the row exists now
        return await _store(wanted, by, site_name)


async def warn_when_incomplete(*, session_days: int) -> None:
    """Log the required settings still missing (a production start calls this)."""
    missing = (await load_site_values(session_days=session_days)).missing
    if missing:
        logger.warning(
            "The imprint and privacy page lack required site settings: %s. "
            "An admin fills them in under Administration → Website (/admin/website).",
            ", ".join(setting.label for setting in missing),
        )
