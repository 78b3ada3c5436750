"""A report's dataclasses as JSON-ready data and back, with the field types as the guide:
what an issued report keeps (``CouncilReportSnapshot.contents``)."""

from __future__ import annotations

import dataclasses
import types
from datetime import datetime
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """A report (or any part of it) as JSON-ready data; fields marked ``kept=False`` stay out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_data(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("kept", True)
        }
    if isinstance(value, list):
        return [to_data(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def from_data(kind: type[T], data: dict[str, Any]) -> T:
    """What :func:`to_data` gave, read back; a field it lacks takes its default."""
    hints = get_type_hints(kind)
    values = {
        item.name: _read(hints[item.name], data[item.name])
        for item in dataclasses.fields(kind)  # type: ignore[arg-type]
        if item.metadata.get("kept", True) and item.name in data
    }
    return kind(**values)


def _read(hint: Any, value: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        if value is None:
            return None
        hint = next(arg for arg in get_args(hint) if arg is not type(None))
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        return [_read(item, element) for element in value]
    if hint is datetime:
        return datetime.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_data(hint, value)  # type: ignore[arg-type]
    return value
