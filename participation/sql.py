"""Hand-written read statements for the hottest pages, run through Tortoise's connection.

Building a statement with the query builder costs more CPU than PostgreSQL spends answering
it, and a model object per row more again (issue 18's profiles). The few statements every
page sends are therefore written once as SQL: the column lists still come from the ORM
models (:func:`columns`), so the models stay the one definition of the schema, and
:func:`fetch` turns the ``?`` placeholders into PostgreSQL's ``$n`` where needed.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from tortoise import connections
from tortoise.models import Model

_PLACEHOLDER = re.compile(r"\?")


@functools.cache
def numbered(sql: str) -> str:
    """A statement written with ``?`` placeholders in PostgreSQL's ``$1, $2, ...``."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


def is_postgres() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


async def fetch(sql: str, values: list[Any] | None = None) -> list[dict[str, Any]]:
    """The rows of one statement written with ``?`` placeholders, as dicts."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        sql = numbered(sql)
    rows: list[dict[str, Any]] = await connection.execute_query_dict(sql, values or [])
    return rows


@functools.cache
def columns(model: type[Model], alias: str, prefix: str = "") -> str:
    """Every column of ``model`` as ``alias."column" "prefixcolumn"``, for a select list."""
    return ",".join(
        f'{alias}."{column}" "{prefix}{column}"'
        for column in model._meta.fields_db_projection.values()
    )


def load(model: type[Model], row: dict[str, Any], prefix: str = "") -> Any:
    """A model object from the ``prefix``-ed columns of ``row`` (see :func:`columns`), with
    the conversions the ORM applies (times from SQLite's text, enums, JSON)."""
    names = model._meta.fields_db_projection.values()
    return model._init_from_db(**{name: row[prefix + name] for name in names})


def db_value(model: type[Model], field: str, value: Any) -> Any:
    """``value`` as the ORM would bind it for ``model.field`` (SQLite stores times as text)."""
    return model._meta.fields_map[field].to_db_value(value, model)


def attach(instance: Model, relation: str, related: Model | None) -> None:
    """Set a loaded relation as ``select_related`` does (None where the row has none)."""
    object.__setattr__(instance, f"_{relation}", related)
