"""The JSON Schema of the JSON export, derived from the same column declarations, so that
a reader can check a file against what the platform promises."""

from __future__ import annotations

from typing import Any

from participation.exports.columns import COLUMNS
from participation.exports.options import ExportSort
from participation.proposals.models import LISTED_STATUSES

TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "url": {"type": "string", "format": "uri"},
}
NULLABLE = {"draft_version"}  # only set where the latest published draft decided it
# The columns whose JSON value is richer than their cell.
STRUCTURED: dict[str, dict[str, Any]] = {
    "draft_sections": {
        "type": "array",
        "description": "Every section of the draft version that takes the proposal up.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["section", "disposition", "disposition_label", "note"],
            "properties": {
                "section": {"type": "string"},
                "disposition": {"enum": ["adopted", "partially_adopted", "considered"]},
                "disposition_label": {"type": "string"},
                "note": {"type": "string"},
            },
        },
    }
}


def _column(kind: str, key: str) -> dict[str, Any]:
    if key in STRUCTURED:
        return STRUCTURED[key]
    schema = dict(TYPES[kind])
    if key in NULLABLE:
        schema["type"] = [schema["type"], "null"]
    return schema


def export_json_schema() -> dict[str, Any]:
    named = {
        "type": ["object", "null"],
        "properties": {"slug": {"type": "string"}, "title": {"type": "string"}},
        "required": ["slug", "title"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Ranked input of a masterplan",
        "type": "object",
        "required": [
            "masterplan",
            "field_of_action",
            "statuses",
            "sort",
            "generated_at",
            "proposals",
        ],
        "additionalProperties": False,
        "properties": {
            "masterplan": {**named, "type": "object"},
            "field_of_action": named,
            "statuses": {
                "type": "array",
                "items": {"enum": [status.value for status in LISTED_STATUSES]},
            },
            "sort": {"enum": [sort.value for sort in ExportSort]},
            "generated_at": {"type": "string", "format": "date-time"},
            "proposals": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [c.key for c in COLUMNS],
                    "properties": {c.key: _column(c.kind, c.key) for c in COLUMNS},
                },
            },
        },
    }
