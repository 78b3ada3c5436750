"""The website settings as tests fill them in: every required one, with values a city would
give, and the form posted the way an admin's browser posts it."""

from __future__ import annotations

import httpx

from participation.settings import load_settings
from participation.site.site_settings import load_site_values
from tests.auth import post_form

FILLED = {
    "operator": "Stadt Dortmund",
    "legal_form": "Körperschaft des öffentlichen Rechts",
    "address": "Friedensplatz 1\n44135 Dortmund",
    "email": "beteiligung@stadtdo.example",
    "phone": "+49 231 50-0",
    "representative": "Oberbürgermeisterin Erika Mustermann",
    "content_responsible": "Max Beispiel, Dortmunder Systemhaus\nKönigswall 14\n44137 Dortmund",
    "oversight": "Bezirksregierung Arnsberg\nSeibertzstraße 1\n59821 Arnsberg",
    "vat_id": "DE124117245",
    "dpo": "Datenschutzbeauftragte der Stadt Dortmund\nFriedensplatz 1\n44135 Dortmund\n"
    "datenschutz@stadtdo.example",
    "authority": "Landesbeauftragte für Datenschutz und Informationsfreiheit NRW\n"
    "Kavalleriestraße 2–4\n40213 Düsseldorf",
}


async def form_as_shown(client: httpx.AsyncClient) -> dict[str, str]:
    """What the settings form holds for this database: what an admin who changes nothing
    sends back."""
    days = load_settings(env_file=None).session_days
    return (await load_site_values(session_days=days)).form_values()


async def post_settings(client: httpx.AsyncClient, **changes: str) -> httpx.Response:
    """Post the settings form as shown, with ``changes`` typed in."""
    data = {**await form_as_shown(client), **changes}
    return await post_form(client, "/admin/website", data, token_from="/admin/website")


async def fill_required(client: httpx.AsyncClient) -> httpx.Response:
    response = await post_settings(client, **FILLED)
    assert response.status_code == 303, response.text[:2000]
    return response
