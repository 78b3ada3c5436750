"""What admins and planners do with a masterplan: create it, change its texts, place it on
the home page, archive, restore and delete it.

Every service checks all of its input before it writes, writes in one transaction with its
audit entries (one per kind of change, each a sentence of its own in the log), and raises
``ValidationFailed`` with a message per form field when it refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from babel.numbers import format_decimal
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import i18n
from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.masterplans.navigation import masterplans_changed
from participation.masterplans.queries import contributions_of
from participation.masterplans.slugs import slug_error
from participation.moderation.audit import record

MIN_TITLE = 3
MAX_TITLE = 200
MAX_SUMMARY = 10_000
MAX_DEPARTMENT = 200


@dataclass(frozen=True)
class Texts:
    """What a masterplan says about itself; its planners may change these."""

    title: str
    summary: str
    lead_department: str

    @classmethod
    def of(cls, masterplan: Masterplan) -> Texts:
        return cls(masterplan.title, masterplan.summary, masterplan.lead_department)

    def tidy(self) -> Texts:
        return Texts(
            " ".join(self.title.split()),
            self.summary.replace("\r\n", "\n").strip(),
            " ".join(self.lead_department.split()),
        )


def _number(value: int) -> str:
    return format_decimal(value, locale=i18n.current_language())


def title_error(title: str, *, minimum: int = MIN_TITLE) -> str | None:
    if not title:
        return gettext("Please enter a title.")
    if len(title) < minimum:
        return gettext("The title needs at least %(min)s characters.") % {"min": minimum}
    if len(title) > MAX_TITLE:
        return gettext("The title has %(count)s characters; at most %(max)s are possible.") % {
            "count": _number(len(title)),
            "max": _number(MAX_TITLE),
        }
    return None


def text_length_error(text: str, maximum: int) -> str | None:
    if len(text) > maximum:
        return gettext("The text can be at most %(max)s characters long.") % {
            "max": _number(maximum)
        }
    return None


def text_errors(texts: Texts) -> dict[str, str]:
    errors: dict[str, str] = {}
    if message := title_error(texts.title):
        errors["title"] = message
    if not texts.summary:
        errors["summary"] = gettext("Please say in a few sentences what the masterplan is about.")
    elif message := text_length_error(texts.summary, MAX_SUMMARY):
        errors["summary"] = message
    if not texts.lead_department:
        errors["lead_department"] = gettext("Please name the department that leads it.")
    elif message := text_length_error(texts.lead_department, MAX_DEPARTMENT):
        errors["lead_department"] = message
    return errors


FORM_ORDER = ("form", "title", "slug", "summary", "lead_department")


def _in_form_order(errors: dict[str, str]) -> dict[str, str]:
    """The errors in the order the form asks, so the summary above it reads top-down."""
    return {key: errors[key] for key in sorted(errors, key=FORM_ORDER.index)}


async def slug_problem(slug: str, *, own_id: int | None = None) -> str | None:
    """Why ``slug`` cannot be this masterplan's address: its form, reserved, or taken."""
    if message := slug_error(slug):
        return message
    taken = Masterplan.filter(slug=slug)
    if own_id is not None:
        taken = taken.exclude(id=own_id)
    if await taken.exists():
        return gettext("Another masterplan has this address already. Choose another one.")
    return None


def _taken() -> ValidationFailed:
    return ValidationFailed(
        {"slug": gettext("Another masterplan has this address already. Choose another one.")}
    )


async def create_masterplan(
    *, texts: Texts, slug: str, place: int | None, by: User | None
) -> Masterplan:
    """A new masterplan in preparation, without fields yet, at ``place`` (1 = first) on the
    home page or last."""
    texts = texts.tidy()
    errors = text_errors(texts)
    if message := await slug_problem(slug):
        errors["slug"] = message
    if errors:
        raise ValidationFailed(_in_form_order(errors))
    try:
        async with in_transaction() as connection:
            masterplan = await Masterplan.create(
                slug=slug,
                title=texts.title,
                summary=texts.summary,
                lead_department=texts.lead_department,
                position=10**6,
                using_db=connection,
            )
            await place_on_home_page(masterplan, place, connection)
            await _record(by, "masterplan.create", masterplan, {"slug": slug}, connection)
    except IntegrityError:  # the same address chosen at the same moment by someone else
        raise _taken() from None
    await masterplans_changed()
    return masterplan


async def edit_texts(*, masterplan: Masterplan, texts: Texts, by: User) -> Masterplan:
    """Title, summary and lead department, as its planners (and admins) change them."""
    return await edit_masterplan(
        masterplan=masterplan, texts=texts, slug=masterplan.slug, place=None, by=by
    )


async def edit_masterplan(
    *, masterplan: Masterplan, texts: Texts, slug: str, place: int | None, by: User
) -> Masterplan:
    """Everything an admin may change. The address changes only while nobody has taken part
    yet: from then on it is in links, e-mails and issued reports."""
    texts = texts.tidy()
    errors = text_errors(texts)
    if masterplan.is_archived:
        errors["form"] = gettext("This masterplan is archived. Restore it first to change it.")
    if slug != masterplan.slug:
        if message := await slug_problem(slug, own_id=masterplan.id):
            errors["slug"] = message
        elif (await contributions_of(masterplan)).any:
            errors["slug"] = gettext(
                "The address cannot change any more: people have taken part, and links to "
                "it are out there."
            )
    if errors:
        raise ValidationFailed(_in_form_order(errors))
    before = Texts.of(masterplan)
    try:
        async with in_transaction() as connection:
            await _save_changes(masterplan, before, texts, slug, by, connection)
            if place is not None:
                await place_on_home_page(masterplan, place, connection, by=by)
    except IntegrityError:
        raise _taken() from None
    await masterplans_changed()
    return masterplan


async def _save_changes(
    masterplan: Masterplan,
    before: Texts,
    after: Texts,
    slug: str,
    by: User,
    connection: BaseDBAsyncClient,
) -> None:
    old_slug = masterplan.slug
    masterplan.title, masterplan.summary = after.title, after.summary
    masterplan.lead_department, masterplan.slug = after.lead_department, slug
    await masterplan.save(
        using_db=connection, update_fields=["title", "summary", "lead_department", "slug"]
    )
    if before.title != after.title:
        details = {"before": before.title, "after": after.title}
        await _record(by, "masterplan.rename", masterplan, details, connection)
    if before.summary != after.summary:
        await _record(by, "masterplan.edit_summary", masterplan, {}, connection)
    if before.lead_department != after.lead_department:
        details = {"before": before.lead_department, "after": after.lead_department}
        await _record(by, "masterplan.edit_lead_department", masterplan, details, connection)
    if old_slug != slug:
        details = {"before": old_slug, "after": slug}
        await _record(by, "masterplan.change_slug", masterplan, details, connection)


async def place_on_home_page(
    masterplan: Masterplan,
    place: int | None,
    connection: BaseDBAsyncClient,
    *,
    by: User | None = None,
) -> None:
    """Put the masterplan at ``place`` (1 = first) among the active ones, or last, and number
    every masterplan again from 0 (archived ones after the active ones)."""
    ordered = await Masterplan.all().using_db(connection).order_by("position", "id")
    active_ids = [m.id for m in ordered if not m.is_archived]
    was = active_ids.index(masterplan.id) if masterplan.id in active_ids else None
    others = [m for m in ordered if m.id != masterplan.id]
    active = [m for m in others if not m.is_archived]
    index = len(active)
    if place is not None and not masterplan.is_archived:
        index = max(0, min(place - 1, len(active)))
    active.insert(index, masterplan)
    for position, item in enumerate(active + [m for m in others if m.is_archived]):
        if item.position != position:
            await Masterplan.filter(id=item.id).using_db(connection).update(position=position)
            item.position = position
    if by is not None and was is not None and was != index:
        details = {"before": was + 1, "after": index + 1}
        await _record(by, "masterplan.reorder", masterplan, details, connection)


async def archive_masterplan(*, masterplan: Masterplan, by: User) -> Masterplan:
    """Off the home page and read-only; every contribution stays where it is."""
    if masterplan.is_archived:
        raise ValidationFailed({"form": gettext("This masterplan is archived already.")})
    async with in_transaction() as connection:
        masterplan.archived_at = datetime.now(UTC)
        await masterplan.save(using_db=connection, update_fields=["archived_at"])
        await place_on_home_page(masterplan, None, connection)
        await _record(by, "masterplan.archive", masterplan, {}, connection)
    await masterplans_changed()
    return masterplan


async def restore_masterplan(*, masterplan: Masterplan, by: User) -> Masterplan:
    """Back on the home page (last) and open again as its phase says."""
    if not masterplan.is_archived:
        raise ValidationFailed({"form": gettext("This masterplan is not archived.")})
    async with in_transaction() as connection:
        masterplan.archived_at = None
        await masterplan.save(using_db=connection, update_fields=["archived_at"])
        await place_on_home_page(masterplan, None, connection)
        await _record(by, "masterplan.restore", masterplan, {}, connection)
    await masterplans_changed()
    return masterplan


async def delete_masterplan(*, masterplan: Masterplan, by: User, confirmed: bool) -> None:
    """Gone with its fields, phase dates and planner list, but only while nobody has
    contributed anything: contributions are never deleted with it."""
    if not confirmed:
        raise ValidationFailed(
            {"confirm": gettext("Please confirm that the masterplan is to be deleted.")}
        )
    async with in_transaction() as connection:
        locked = await (
            Masterplan.filter(id=masterplan.id).select_for_update().using_db(connection).first()
        )
        if locked is None:
            return  # deleted by a second click already
        if (await contributions_of(locked, connection)).any:
            raise ValidationFailed(
                {
                    "form": gettext(
                        "This masterplan holds contributions (proposals, a draft, projects or "
                        "issued reports) and cannot be deleted. Archive it instead."
                    )
                }
            )
        await _record(by, "masterplan.delete", locked, {"slug": locked.slug}, connection)
        await locked.delete(using_db=connection)
    await masterplans_changed()


async def _record(
    by: User | None,
    action: str,
    masterplan: Masterplan,
    details: Mapping[str, object],
    connection: BaseDBAsyncClient,
) -> None:
    await record(
        actor=by,
        action=action,
        target_type="masterplan",
        target_id=masterplan.id,
        details={"name": masterplan.title, **details},
        connection=connection,
    )
