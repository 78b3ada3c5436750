"""schemathesis against /api/openapi.json on a live server with the Dortmund demo data:
every answer to generated requests matches the document (status, content type, schema,
headers) and none is a server error."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings


def test_the_api_answers_as_its_openapi_document_says(live_server: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_server}/api/openapi.json")
    schema.config.base_url = live_server
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def answers(case: Any) -> None:
            case.call_and_validate(base_url=live_server)

        answers()
