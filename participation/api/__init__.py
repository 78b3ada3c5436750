"""The open data API: read-only JSON, an OpenAPI document and a data package."""
