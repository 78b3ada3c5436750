"""A masterplan's fields of action as lists offer them for filtering: read once and kept
until a field of that masterplan is written (participation/shared_state.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.signals import post_delete, post_save

from participation.masterplans.models import FieldOfAction
from participation.shared_state import current, invalidate


@dataclass(frozen=True)
class FieldChoice:
    id: int
    slug: str
    title: str
    archived: bool  # no new proposals; still offered where it holds some


def part(masterplan_id: int) -> str:
    """The page part's name; ``invalidate(part(id))`` after a field of the masterplan is
    written."""
    return f"fields:{masterplan_id}"


async def fields_changed(masterplan_id: int) -> None:
    """A field of the masterplan was written; call it after the transaction has committed."""
    await invalidate(part(masterplan_id))


async def fields_of(masterplan_id: int) -> tuple[FieldChoice, ...]:
    """The masterplan's fields in their order, archived ones included."""

    async def read() -> tuple[FieldChoice, ...]:
        rows = (
            await FieldOfAction.filter(masterplan_id=masterplan_id)
            .order_by("position", "id")
            .values_list("id", "slug", "title", "archived_at")
        )
        return tuple(FieldChoice(int(i), str(s), str(t), a is not None) for i, s, t, a in rows)

    return await current().part(part(masterplan_id), read)


@post_save(FieldOfAction)
async def _saved(sender: Any, instance: FieldOfAction, *args: Any) -> None:
    await invalidate(part(instance.masterplan_id))  # type: ignore[attr-defined]


@post_delete(FieldOfAction)
async def _deleted(sender: Any, instance: FieldOfAction, *args: Any) -> None:
    await invalidate(part(instance.masterplan_id))  # type: ignore[attr-defined]
