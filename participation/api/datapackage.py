"""A Frictionless data package (https://specs.frictionlessdata.io/data-package/) that
describes the open CSV of a masterplan's ranked input, column by column."""

from __future__ import annotations

from typing import Any

from participation.exports.columns import COLUMNS, Column, header
from participation.i18n import language
from participation.masterplans.models import Masterplan

LICENSE = {
    "name": "dl-de-by-2.0",
    "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "path": "https://www.govdata.de/dl-de/by-2-0",
}


def _field(column: Column) -> dict[str, Any]:
    """A Frictionless field: its link column is a string in URI format."""
    field: dict[str, Any] = {"name": header(column), "description": column.key}
    if column.kind == "url":
        return {**field, "type": "string", "format": "uri"}
    return {**field, "type": column.kind}


def datapackage(masterplan: Masterplan, base_url: str) -> dict[str, Any]:
    with language("de"):  # the CSV's headers are German, as the city publishes it
        fields = [_field(column) for column in COLUMNS]
        primary_key = header(COLUMNS[1])  # the proposal's number
    return {
        "profile": "tabular-data-package",
        "name": f"masterplan-{masterplan.slug}",
        "title": masterplan.title,
        "description": masterplan.summary,
        "homepage": f"{base_url}/masterplans/{masterplan.slug}",
        "licenses": [LICENSE],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "proposals",
                "path": f"{base_url}/api/v1/masterplans/{masterplan.slug}/proposals.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "header": True, "doubleQuote": True},
                "schema": {"fields": fields, "primaryKey": [primary_key]},
            }
        ],
    }
