"""The verified organisations as the proposal lists offer them for filtering: read once and
kept until an organisation is written (participation/shared_state.py), with their
``<option>`` elements rendered once as well.

With 200 organisations the filter was the part of the ranked list that grew with the data:
their rows and 200 options rendered per request made the list cost 4.1 ms of app CPU at
100,000 proposals against 2.2 ms at 200 (BENCHMARKS.md, issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from tortoise.signals import post_delete, post_save

from participation.accounts.models import Organization
from participation.shared_state import current, invalidate

PART = "organizations:verified"


@dataclass(frozen=True)
class OrganizationChoice:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class OrganizationChoices:
    items: tuple[OrganizationChoice, ...]
    options: Markup  # one <option> per organisation, none selected

    def by_slug(self, slug: str | None) -> OrganizationChoice | None:
        return next((item for item in self.items if item.slug == slug), None)

    def options_with(self, chosen: OrganizationChoice | None) -> Markup:
        """The options with ``chosen`` selected (slugs are unique, so its value is too)."""
        if chosen is None:
            return self.options
        value = Markup('<option value="{}">').format(chosen.slug)
        return self.options.replace(
            value, Markup('<option value="{}" selected>').format(chosen.slug), 1
        )


async def organizations_changed() -> None:
    """An organisation was written; call it after the transaction has committed."""
    await invalidate(PART)


async def verified_organizations() -> OrganizationChoices:
    """The verified organisations by name."""

    async def read() -> OrganizationChoices:
        rows = await (
            Organization.filter(verified=True).order_by("name").values_list("id", "slug", "name")
        )
        items = tuple(OrganizationChoice(int(i), str(s), str(n)) for i, s, n in rows)
        options = Markup("").join(
            Markup('<option value="{}">{}</option>').format(item.slug, item.name) for item in items
        )
        return OrganizationChoices(items, options)

    return await current().part(PART, read)


@post_save(Organization)
async def _saved(sender: Any, instance: Organization, *args: Any) -> None:
    await invalidate(PART)


@post_delete(Organization)
async def _deleted(sender: Any, instance: Organization, *args: Any) -> None:
    await invalidate(PART)
