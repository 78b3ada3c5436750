"""Bidirectional controls never reach the database from a form, a process template or a
project sheet: a title or name cannot reorder the text around it in a list, a mail or a
spreadsheet ("Trojan Source", U+202A–U+202E and U+2066–U+2069)."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import User
from participation.forms import plain_text
from participation.proposals.models import Proposal
from tests.auth import csrf_token, make_person, sign_in
from tests.factories import make_field

CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def test_every_control_goes_and_right_to_left_letters_stay() -> None:
    assert len(CONTROLS) == 9
    assert plain_text("a".join(CONTROLS) + "b") == "a" * 8 + "b"
    assert plain_text("مخطط رقمي\u202e") == "مخطط رقمي"  # Arabic stays, the override goes


@pytest.mark.usefixtures("db")
async def test_a_proposal_title_and_a_display_name_are_stored_without_controls(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    person = await make_person()
    await sign_in(client, person)
    response = await client.post(
        f"/masterplans/{masterplan.slug}/proposals/new",
        data={
            "csrf_token": await csrf_token(client),
            "title": "Rechnung\u202efdp.exe für Gewerbegebiete",
            "body": "Glasfaser \u2066für\u2069 alle.",
            "field_of_action": field.slug,
            "similar_seen": "1",
        },
    )
    assert response.status_code == 303, response.text[:1000]
    stored = await Proposal.get(masterplan_id=masterplan.id)
    assert stored.title == "Rechnungfdp.exe für Gewerbegebiete"
    assert stored.body == "Glasfaser für alle."
    response = await client.post(
        "/account/profile",
        data={
            "csrf_token": await csrf_token(client, "/account/profile"),
            "display_name": "Jana\u202e Brosowski",
            "language": "de",
            "notification_mode": "instant",
        },
    )
    assert response.status_code == 303, response.text[:1000]
    assert (await User.get(id=person.id)).display_name == "Jana Brosowski"
