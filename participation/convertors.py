"""Path parameters as the database can hold them.

Every id in a path is an ``int``; Starlette's own convertor takes any number of digits,
and an id beyond the database's integer range then fails in the driver (a 500) instead of
finding nothing. This one matches at most nine digits, ids the database can store, so
anything longer is simply no page: a 404.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

MAX_ID = 999_999_999  # nine digits: well inside the INTEGER primary keys of both databases


class IdConvertor(Convertor[int]):
    regex = "[0-9]{1,9}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        if not 0 <= value <= MAX_ID:
            raise ValueError("an id out of range")
        return str(value)


def register() -> None:
    """Replace the ``int`` convertor before any route is made."""
    register_url_convertor("int", IdConvertor())
