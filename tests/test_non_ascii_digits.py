"""Digits of other scripts wherever a request carries a number. "²" is a digit to
``str.isdigit`` but no number to ``int``, which raised; "٣" (Arabic-Indic three) and "１"
(fullwidth one) are numbers to ``int`` but nobody types them into an address or a form. None
of them is a server error anywhere, and the open data API answers them as a wrong parameter,
in its JSON error shape.

Every query parameter some route reads as a number goes to every route, all in one
request and, where that is refused (the first number read may be the reason), each on its
own; every field of every form the walk finds is sent with such a digit in it alone, the
rest as the page fills it, so that no earlier refusal hides a later field.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

from participation.accounts.models import User
from tests.auth import sign_in
from tests.bad_input_helpers import HtmlForm, post_forms
from tests.factories import make_masterplan
from tests.test_access_matrix import _path_for, app_routes
from tests.test_bad_input import (
    HTML,
    SESSION_ENDERS,
    SESSION_ENDING_PATHS,
    Walk,
    _form_world,
    _grouped,
    _pages,
    open_client,
)
from tests.test_bad_input import upload_dir as upload_dir

DIGITS = ("²", "٣", "１")
# Every query parameter some route reads as a number (a page, an id, a count, a limit).
NUMBERS = (
    *("after", "before", "changed", "comment", "comments", "cursor", "dismissed", "duplicate"),
    *("first", "hidden", "into", "limit", "older_than", "pair", "q", "remove", "start"),
)


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:  # its API limit never answers the walk for the app
        yield http


def _get_routes() -> list[Route]:
    return [
        route
        for route in app_routes()
        if isinstance(route, Route)
        and "GET" in (route.methods or ())
        and route.name not in SESSION_ENDERS
    ]


def _api_problem(response: httpx.Response) -> str | None:
    """What is wrong with an API answer: an error is JSON, in the documented shape."""
    if response.status_code < 400:
        return None
    if response.headers.get("content-type") != "application/json":
        return f"{response.status_code} as {response.headers.get('content-type')}"
    return None if "error" in response.json() else f"{response.status_code} without an error"


async def _send_numbers(walk: Walk, path: str, digit: str) -> list[str]:
    """GET ``path`` with every number parameter holding ``digit``; where that is refused,
    each on its own. The problems of API answers."""
    together = await walk.send("GET", path, digit, params=dict.fromkeys(NUMBERS, digit))
    answers = {"all": together}
    if together.status_code in (400, 404):  # the first number read may be the reason
        for name in NUMBERS:
            answers[name] = await walk.send("GET", path, f"{name}={digit}", params={name: digit})
    if not path.startswith("/api/"):
        return []
    found = {name: _api_problem(answer) for name, answer in answers.items()}
    return [f"{path} {name}={digit}: {problem}" for name, problem in found.items() if problem]


@pytest.mark.parametrize("role", ["anonymous", "admin"])
async def test_a_digit_of_another_script_in_any_number_parameter_is_no_server_error(
    client: httpx.AsyncClient, upload_dir: Path, role: str
) -> None:
    world, _, _ = await _form_world(upload_dir)
    people: dict[str, User] = world["people"]
    if role == "admin":
        await sign_in(client, people["admin"])
    walk = Walk(client, upload_dir)
    api_problems: list[str] = []
    for route in _get_routes():
        path = _path_for(route, world["params"])
        for digit in DIGITS:
            api_problems += await _send_numbers(walk, path, digit)
    assert not walk.problems, "\n".join(walk.problems)
    assert not api_problems, "\n".join(api_problems)


def _one_field_at_a_time(form: HtmlForm, digit: str) -> Iterator[list[tuple[str, str]]]:
    """The form as the page fills it (its text fields with a plain word), once with each
    field but the token holding ``digit`` instead."""
    for fields in form.submissions("Glasfaser"):
        for index, (name, _) in enumerate(fields):
            if name != "csrf_token":
                yield [*fields[:index], (name, digit), *fields[index + 1 :]]


@pytest.mark.parametrize("role", ["author", "admin"])
async def test_a_digit_of_another_script_in_any_form_field_is_no_server_error(
    client: httpx.AsyncClient, upload_dir: Path, role: str
) -> None:
    world, author, first = await _form_world(upload_dir)
    people: dict[str, User] = world["people"]
    await sign_in(client, author if role == "author" else people["admin"])
    walk = Walk(client, upload_dir)
    filled: set[tuple[object, ...]] = set()
    for page in first + _pages(world["params"]):
        response = await walk.send("GET", page)
        if not response.headers.get("content-type", "").startswith(HTML):
            continue
        for form in post_forms(response.text, page):
            if form.key() in filled or form.action.startswith(SESSION_ENDING_PATHS):
                continue
            filled.add(form.key())
            for digit in DIGITS:
                for fields in _one_field_at_a_time(form, digit):
                    await walk.send("POST", form.action, digit, data=_grouped(fields))
    assert not walk.problems, "\n".join(walk.problems)
    assert len(filled) > (10 if role == "author" else 40)  # the walk found the forms


@pytest.mark.parametrize("digit", DIGITS)
@pytest.mark.parametrize(
    "path", ["/api/v1/masterplans/digitale-wirtschaft/proposals", "/api/v1/projects"]
)
async def test_the_api_answers_a_limit_in_digits_of_another_script_with_its_json_error(
    client: httpx.AsyncClient, path: str, digit: str
) -> None:
    await make_masterplan(slug="digitale-wirtschaft")
    response = await client.get(path, params={"limit": digit})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": "a whole number from 1 to 100", "parameter": "limit"}
