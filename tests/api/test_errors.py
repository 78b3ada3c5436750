"""Every error under /api/ is JSON in the documented shape (``{"error": ...}``), whoever
answers it: an unknown address, a method the API does not have, a server error, a database
that does not answer."""

from __future__ import annotations

import httpx
import pytest
from tortoise import Tortoise

from participation.db import tortoise_config
from tests.factories import make_masterplan

UNREACHABLE = "postgres://nobody@127.0.0.1:1/none"  # nobody listens on port 1


def _is_error(response: httpx.Response, status_code: int) -> bool:
    return (
        response.status_code == status_code
        and response.headers["content-type"] == "application/json"
        and isinstance(response.json()["error"], str)
        and response.headers["access-control-allow-origin"] == "*"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/nothing",
        "/api/v2/masterplans",
        "/api/v1/proposals/abc",
        "/api/v1/proposals/1234567890",
        "/api/v1/masterplans/%00",  # a NUL is refused before any route, in JSON here too
    ],
)
async def test_an_address_the_api_does_not_have_is_a_json_404(
    client: httpx.AsyncClient, path: str
) -> None:
    assert _is_error(await client.get(path), 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_method_the_api_does_not_have_is_a_json_405_naming_those_it_has(
    client: httpx.AsyncClient, method: str
) -> None:
    await make_masterplan(slug="digitale-wirtschaft")
    for path in ("/api/v1/masterplans", "/api/v1/masterplans/digitale-wirtschaft/proposals"):
        response = await client.request(method, path, json={"title": "x"})  # as a client would
        assert _is_error(response, 405), path
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert _is_error(await client.request(method, "/api/nothing"), 404)


async def test_a_server_error_in_the_api_is_json_without_a_traceback(
    client: httpx.AsyncClient,
) -> None:
    await Tortoise.close_connections()
    # Connected, but to a database without tables: every query is wrong.
    await Tortoise.init(config=tortoise_config("sqlite://:memory:"), _enable_global_fallback=True)
    response = await client.get("/api/v1/masterplans")
    assert _is_error(response, 500)
    assert "Traceback" not in response.text and "OperationalError" not in response.text


async def test_a_database_outage_is_a_json_503_with_a_time_to_retry(
    client: httpx.AsyncClient,
) -> None:
    await Tortoise.close_connections()  # the database goes away under a running app
    await Tortoise.init(config=tortoise_config(UNREACHABLE), _enable_global_fallback=True)
    for path in ("/api/v1/masterplans", "/api/v1/proposals/1", "/api/v1/projects"):
        response = await client.get(path)
        assert _is_error(response, 503), path
        assert int(response.headers["retry-after"]) > 0


async def test_the_openapi_document_names_the_outage_answer_for_every_operation(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/api/openapi.json")).json()
    for path, operations in document["paths"].items():
        unavailable = operations["get"]["responses"]["503"]
        assert "Retry-After" in unavailable["headers"], path
        assert unavailable["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
