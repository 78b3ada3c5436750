"""Form input and errors: what a page needs to send a form back with the input in place and
each error next to its field, and the numbers a form or an address names."""

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
            if "password" in name:  # as typed (NUL aside)
                values[name] = value[:MAX_FIELD_LENGTH].replace("\x00", "")
            else:
                values[name] = plain_text(value[:MAX_FIELD_LENGTH]).strip()
    return Form(values=values)


# Characters that reorder the text around them: the embeddings and overrides U+202A–U+202E
# and the isolates U+2066–U+2069. In a title or a name they can make a list, a mail subject
# or a spreadsheet cell read differently from what was stored ("Trojan Source").
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def plain_text(text: str) -> str:
    """Typed text without NUL (nobody types it, PostgreSQL refuses it) and without the
    bidirectional controls above; right-to-left letters themselves stay as they are."""
    return text.replace("\x00", "").translate(BIDI_CONTROLS)


def whole_number(raw: str | None, *, digits: int = 9) -> int | None:
    """``raw`` if it is a whole number in ASCII digits, at most ``digits`` of them; else
    None. ``str.isdigit`` alone lets "²" through, which ``int`` refuses, and "٣" or "１",
    which nobody types; nine digits hold every id the database has (convertors.py)."""
    if raw is None or len(raw) > digits or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)
