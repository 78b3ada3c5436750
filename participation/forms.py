"""Form input and errors: what a page needs to send a form back with the input in place and
each error next to its field."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import UploadFile
from starlette.requests import Request

MAX_FIELD_LENGTH = 20_000


class ValidationFailed(Exception):
    """A service refuses input; ``errors`` maps each field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Form:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def checked(self, name: str) -> bool:
        return self.values.get(name) in ("on", "1", "true", "yes")


async def read_form(request: Request) -> Form:
    """Text fields of a posted form, trimmed (passwords as typed). Templates never write a
    password back into a page."""
    async with request.form() as raw:
        values: dict[str, str] = {}
        for name, value in raw.multi_items():
            if isinstance(value, UploadFile) or name == "csrf_token":
                continue
            # NUL is no character anyone types, and PostgreSQL refuses it in text columns.
            text = value[:MAX_FIELD_LENGTH].replace("\x00", "")
            values[name] = text if "password" in name else text.strip()
    return Form(values=values)
