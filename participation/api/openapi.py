"""The OpenAPI 3.1 document of the open data API, written out by hand so that it says
exactly what the routes answer (schemathesis checks the two against each other)."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import Phase
from participation.planning.models import Disposition, ProjectStatus
from participation.planning.uptake import Uptake
from participation.proposals.models import LISTED_STATUSES, PUBLIC_STATUSES

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


SCORES = _object(
    {
        "wilson": {"type": "number", "minimum": 0, "maximum": 1},
        "balanced": {"type": "number", "minimum": 0, "maximum": 1},
        "consensus": {"type": "number", "minimum": 0, "maximum": 1},
    }
)
GROUP = _object(
    {
        "group": {"type": "string", "enum": [g.value for g in StakeholderGroup]},
        "supports": {"type": "integer", "minimum": 0},
        "opposes": {"type": "integer", "minimum": 0},
    }
)
SUMMARY_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "field_of_action": {"type": "string"},
    "status": {"type": "string", "enum": [s.value for s in PUBLIC_STATUSES]},
    "stakeholder_group": {"type": "string", "enum": [g.value for g in StakeholderGroup]},
    "submitted_by": {"type": "string", "description": "public name of the author or organisation"},
    "organization": _nullable("string"),
    "created_at": {"type": "string", "format": "date-time"},
    "supports": {"type": "integer", "minimum": 0},
    "opposes": {"type": "integer", "minimum": 0},
    "votes": {"type": "integer", "minimum": 0},
    "comments": {"type": "integer", "minimum": 0},
    "scores": _ref("Scores"),
    "groups": {"type": "array", "items": _ref("GroupVotes")},
    "url": {"type": "string", "format": "uri"},
}
MASTERPLAN: dict[str, Any] = {
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "summary": {"type": "string"},
    "lead_department": {"type": "string"},
    "phase": {"type": "string", "enum": [p.value for p in Phase]},
    "archived": {"type": "boolean", "description": "read-only, off the home page"},
    "fields_of_action": {"type": "array", "items": _ref("FieldOfAction")},
    "url": {"type": "string", "format": "uri"},
    "proposals": {"type": "string", "format": "uri"},
}
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
        "required": ["error"],
        "additionalProperties": False,
    },
    "Scores": SCORES,
    "GroupVotes": GROUP,
    "FieldOfAction": _object(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "proposal_count": {"type": "integer", "minimum": 0},
        }
    ),
    "Masterplan": _object(MASTERPLAN),
    # One masterplan adds its phases' dates. A schema of its own, not ``allOf`` with
    # Masterplan: that one allows no further property, so no answer could match both.
    "MasterplanWithPhases": _object(
        {**MASTERPLAN, "phase_periods": {"type": "array", "items": _ref("PhasePeriod")}}
    ),
    "PhasePeriod": _object(
        {
            "phase": {"type": "string", "enum": [p.value for p in Phase]},
            "starts_on": {"type": "string", "format": "date"},
            "ends_on": _nullable("string", format="date"),
        }
    ),
    "ProposalSummary": _object(SUMMARY_PROPERTIES),
    "DraftDestination": _object(
        {
            "version": {"type": "integer", "minimum": 1},
            "section": {"type": "string"},
            "disposition": {"type": "string", "enum": [d.value for d in Disposition]},
            "note": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        }
    ),
    "Proposal": _object(
        {
            **SUMMARY_PROPERTIES,
            "masterplan": {"type": "string"},
            "body": {"type": "string", "description": "Markdown"},
            "disclosure": {"type": "string"},
            "official_response": {"type": "string", "description": "Markdown"},
            "merged_into": _nullable("integer"),
            "cosigned_by": {"type": "array", "items": {"type": "string"}},
            "outcome": {
                **_nullable("string"),
                "enum": [*(u.value for u in Uptake), None],
                "description": "What the latest published draft did with the proposal: "
                "adopted, partially_adopted, considered or not_taken_up; null while open",
            },
            "draft": {"type": "array", "items": _ref("DraftDestination")},
        }
    ),
    "Milestone": _object(
        {
            "title": {"type": "string"},
            "due_on": _nullable("string", format="date"),
            "done_on": _nullable("string", format="date"),
        }
    ),
    "Project": _object(
        {
            "id": {"type": "integer"},
            "code": {"type": "string"},
            "title": {"type": "string"},
            "masterplan": {"type": "string"},
            "field_of_action": {"type": "string"},
            "status": {"type": "string", "enum": [s.value for s in ProjectStatus]},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "description": {"type": "string"},
            "milestones": {"type": "array", "items": _ref("Milestone")},
            "proposals": {"type": "array", "items": {"type": "integer"}},
            "url": {"type": "string", "format": "uri"},
        }
    ),
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _retry(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": {"application/json": {"schema": _ref("Error")}},
    }


# What any request may be answered with.
ALWAYS = {
    "429": _retry("Too many requests from this client; retry after the given seconds."),
    "503": _retry("The database does not answer for the moment; retry after the given seconds."),
}
ERRORS = {"400": _json(_ref("Error"), "A parameter is wrong; `parameter` names it."), **ALWAYS}
NOT_FOUND = {"404": _json(_ref("Error"), "No such item.")}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
LIMIT = {
    "name": "limit",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
}
CURSOR = {
    "name": "cursor",
    "in": "query",
    "description": "Where the page starts: take it from `next` of the page before.",
    "schema": {"type": "string"},
}


def _page(name: str, schema: str) -> dict[str, Any]:
    return _object(
        {
            name: {"type": "array", "items": _ref(schema)},
            "next": _nullable("string", format="uri"),
        }
    )


def document(base_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Masterplan Digitales Dortmund – Open Data",
            "version": VERSION,
            "description": (
                "The public input to the masterplans: proposals with their votes by "
                "stakeholder group and scores, where the draft took them up, and the city's "
                "implementation projects. Read only, open to every origin, rate limited."
            ),
            "license": {"name": "dl-de/by-2-0", "url": "https://www.govdata.de/dl-de/by-2-0"},
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/api/v1/masterplans": {
                "get": {
                    "operationId": "listMasterplans",
                    "responses": {
                        "200": _json(
                            _object(
                                {"masterplans": {"type": "array", "items": _ref("Masterplan")}}
                            ),
                            "Every masterplan with its fields of action.",
                        ),
                        **ALWAYS,
                    },
                }
            },
            "/api/v1/masterplans/{slug}": {
                "get": {
                    "operationId": "getMasterplan",
                    "parameters": [SLUG],
                    "responses": {
                        "200": _json(
                            _ref("MasterplanWithPhases"),
                            "One masterplan and the dates of its phases.",
                        ),
                        **NOT_FOUND,
                        **ALWAYS,
                    },
                }
            },
            "/api/v1/masterplans/{slug}/proposals": {
                "get": {
                    "operationId": "listProposals",
                    "parameters": [
                        SLUG,
                        {"name": "field", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {
                                "type": "string",
                                "enum": [s.value for s in LISTED_STATUSES],
                            },
                        },
                        {
                            "name": "group",
                            "in": "query",
                            "schema": {
                                "type": "string",
                                "enum": [g.value for g in StakeholderGroup],
                            },
                        },
                        {
                            "name": "q",
                            "in": "query",
                            "description": "Full text, German stemming.",
                            "schema": {"type": "string", "maxLength": 200},
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "description": (
                                "rank: share of supports counted cautiously (Wilson lower "
                                "bound); supported: supports only; balance: supports minus "
                                "opposes. How the platform weighs votes: /gewichtung."
                            ),
                            "schema": {
                                "type": "string",
                                "enum": ["rank", "new", "discussed", "supported", "balance"],
                                "default": "rank",
                            },
                        },
                        LIMIT,
                        CURSOR,
                    ],
                    "responses": {
                        "200": _json(
                            _page("proposals", "ProposalSummary"),
                            "The listed proposals in the order asked, one page.",
                        ),
                        **NOT_FOUND,
                        **ERRORS,
                    },
                }
            },
            "/api/v1/masterplans/{slug}/proposals.csv": {
                "get": {
                    "operationId": "proposalsCsv",
                    "parameters": [SLUG],
                    "responses": {
                        "200": {
                            "description": "The ranked input as CSV (UTF-8 with BOM), described "
                            "by the data package.",
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                        **NOT_FOUND,
                        **ALWAYS,
                    },
                }
            },
            "/api/v1/masterplans/{slug}/datapackage.json": {
                "get": {
                    "operationId": "dataPackage",
                    "parameters": [SLUG],
                    "responses": {
                        "200": _json(
                            {"type": "object", "required": ["name", "resources"]},
                            "A Frictionless data package describing the CSV.",
                        ),
                        **NOT_FOUND,
                        **ALWAYS,
                    },
                }
            },
            "/api/v1/proposals/{proposal_id}": {
                "get": {
                    "operationId": "getProposal",
                    "parameters": [
                        {
                            "name": "proposal_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0, "maximum": 999_999_999},
                        }
                    ],
                    "responses": {
                        "200": _json(_ref("Proposal"), "One public proposal."),
                        **NOT_FOUND,
                        **ALWAYS,
                    },
                }
            },
            "/api/v1/projects": {
                "get": {
                    "operationId": "listProjects",
                    "parameters": [
                        {"name": "masterplan", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "enum": [s.value for s in ProjectStatus]},
                        },
                        LIMIT,
                        CURSOR,
                    ],
                    "responses": {
                        "200": _json(_page("projects", "Project"), "Implementation projects."),
                        **ERRORS,
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
