"""The audit log tells the people and organisation actions in people's words, with the
names as they were, in German and English."""

from __future__ import annotations

import httpx

from participation.accounts.models import Membership, Role
from tests.auth import make_person, post_form, replace_cookie, sign_in_as
from tests.factories import make_organization, make_user


async def test_people_and_organisation_actions_read_as_sentences_in_both_languages(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_person(display_name="Anna Schulz", email="anna@alt.example")
    path = f"/admin/users/{person.id}"
    await post_form(
        client,
        path,
        {"action": "details", "display_name": "Anna Meyer", "email": "anna@neu.example"},
    )
    tu = await make_organization(slug="tu", name="TU Dortmund")
    member = await make_user(tu, display_name="Bernd Krause")
    membership = await Membership.get(user_id=member.id)
    await post_form(
        client, "/admin/organizations/tu", {"action": "invite", "email": "c@example.org"}
    )
    await post_form(
        client, "/admin/organizations/tu", {"action": "remove", "membership": str(membership.id)}
    )
    await post_form(
        client,
        "/admin/users/new",
        {"display_name": "Jana", "email": "jana@example.org", "role": "citizen", "language": "de"},
    )
    page = (await client.get("/moderation/audit")).text
    for sentence in (
        "Name „Anna Schulz“ in „Anna Meyer“ korrigiert",
        "E-Mail-Adresse von „Anna Meyer“ von anna@alt.example in anna@neu.example geändert",
        "c@example.org zu „TU Dortmund“ eingeladen",
        "„Bernd Krause“ aus „TU Dortmund“ entfernt",
        "Konto für „Jana“ angelegt",
    ):
        assert sentence in page, sentence
    replace_cookie(client, "lang", "en")
    page = (await client.get("/moderation/audit")).text
    for sentence in (
        "Name “Anna Schulz” corrected to “Anna Meyer”",
        "“Bernd Krause” removed from “TU Dortmund”",
        "Account for “Jana” created",
    ):
        assert sentence in page, sentence
