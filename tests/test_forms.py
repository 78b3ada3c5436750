"""Reading a number from a form field or a query parameter."""

from __future__ import annotations

import pytest

from participation.forms import whole_number


@pytest.mark.parametrize(
    ("raw", "number"), [("0", 0), ("42", 42), ("007", 7), ("9" * 9, 999_999_999)]
)
def test_a_whole_number_in_ascii_digits_is_read(raw: str, number: int) -> None:
    assert whole_number(raw) == number


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        " 1",
        "+1",
        "-1",
        "1.0",
        "1e3",
        "0x1",
        "1_000",
        "²",
        "٣",
        "１",
        "1²",
        "9" * 10,
        "9" * 5000,
    ],
)
def test_anything_but_up_to_nine_ascii_digits_is_no_number(raw: str | None) -> None:
    assert whole_number(raw) is None


def test_fewer_digits_may_be_asked_for() -> None:
    assert whole_number("9999", digits=4) == 9999
    assert whole_number("10000", digits=4) is None
