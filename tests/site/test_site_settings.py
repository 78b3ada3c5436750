"""Administration → Website: admins fill in the operator's facts, retention periods, legal
bases and the home page's introduction; bad input is refused field by field, and every
change lands in the audit log."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import Role
from participation.i18n import language
from participation.moderation.audit import tell
from participation.moderation.models import AuditEntry
from participation.site.models import SiteSettings
from participation.site.setting_fields import BY_KEY, LDI_NRW
from participation.site.site_settings import standard_text
from tests.auth import post_form, shown, sign_in_as
from tests.bad_input_helpers import changed_tables, database_state
from tests.site.site_helpers import FILLED, fill_required, form_as_shown, post_settings


async def stored() -> dict[str, str]:
    row = await SiteSettings.get_or_none(id=1)
    return dict(row.values) if row else {}


async def test_an_admin_saves_the_settings_and_sees_them_in_the_form(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    response = await fill_required(client)
    assert response.headers["location"] == "/admin/website"
    assert (await stored())["representative"] == "Oberbürgermeisterin Erika Mustermann"
    row = await SiteSettings.get(id=1)
    assert row.updated_by_id == admin.id  # type: ignore[attr-defined]
    page = (await client.get("/admin/website")).text
    assert "Oberbürgermeisterin Erika Mustermann" in page
    assert shown("Saved.") in page


async def test_the_empty_form_offers_the_supervisory_authority_and_the_city_address(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    page = (await client.get("/admin/website")).text
    assert "Kavalleriestraße 2–4" in page and "poststelle@ldi.nrw.de" in page
    assert "Friedensplatz 1" in page
    assert (await form_as_shown(client))["authority"] == LDI_NRW


async def test_a_suggestion_cleared_and_saved_stays_empty(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    assert (await post_settings(client, legal_form="")).status_code == 303
    assert "legal_form" not in await stored()
    assert (await form_as_shown(client))["legal_form"] == ""


async def test_session_retention_is_prefilled_with_the_session_length_the_code_uses(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    prefilled = (await form_as_shown(client))["retention_sessions"]
    assert "14 Tage lang nicht vorbeigeschaut" in prefilled


async def test_standard_texts_left_unchanged_follow_the_readers_language(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    assert "basis_account" not in await stored()  # the German standard text, sent back
    await client.get("/language/en")
    assert "in conjunction with § 3 DSG NRW" in (await client.get("/datenschutz")).text
    await client.get("/language/de")
    assert "in Verbindung mit § 3 DSG NRW" in (await client.get("/datenschutz")).text


async def test_a_changed_standard_text_is_shown_as_written_in_both_languages(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    own = "Server-Protokolle werden nach 14 Tagen gelöscht."
    assert (await post_settings(client, retention_logs=own)).status_code == 303
    assert (await stored())["retention_logs"] == own
    for code in ("de", "en"):
        await client.get(f"/language/{code}")
        assert own in (await client.get("/datenschutz")).text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("operator", "x" * 10_000, "At most %(max)s characters, please (now %(length)s)."),
        ("email", "kein-at-zeichen.example", "Enter a valid e-mail address."),
        ("email", "a@b.de\nc@d.de", "Please write it on one line."),
        (
            "phone",
            "ruf mich an",
            "Enter a telephone number of digits, spaces and + ( ) / - only, e.g. +49 231 50-0.",
        ),
        (
            "phone",
            "12",
            "Enter a telephone number of digits, spaces and + ( ) / - only, e.g. +49 231 50-0.",
        ),
        ("vat_id", "123", "Enter a VAT identification number such as DE123456789."),
        ("intro", "x" * 5001, "At most %(max)s characters, please (now %(length)s)."),
    ],
)
async def test_bad_input_is_refused_next_to_its_field_and_nothing_is_stored(
    client: httpx.AsyncClient, field: str, value: str, message: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    await client.get("/admin/website")  # the flash message is shown and gone
    before = await database_state()
    response = await post_settings(client, representative="Jemand anderes", **{field: value})
    assert response.status_code == 400
    assert changed_tables(before, await database_state()) == []
    expected = shown(message).split("%(")[0]
    assert f'id="{field}-error"' in response.text and expected in response.text
    # The input stays in place, the valid change too, for the admin to correct.
    assert "Jemand anderes" in response.text
    assert (value[:50] if "\n" not in value else value.split("\n")[0]) in response.text


async def test_a_change_is_in_the_audit_log_with_what_changed_before_and_after(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    await post_settings(client, email="presse@stadtdo.example", phone="")
    entry = await AuditEntry.filter(action="site.update_settings").order_by("-id").first()
    assert entry is not None and entry.actor_id == admin.id  # type: ignore[attr-defined]
    assert entry.details["keys"] == ["email", "phone"]
    assert (
        entry.details["before"]
        == "E-Mail-Adresse: beteiligung@stadtdo.example; Telefon: +49 231 50-0"
    )
    assert entry.details["after"] == "E-Mail-Adresse: presse@stadtdo.example; Telefon: –"
    with language("de"):
        told = tell(entry, {})
    assert told.sentence == "Website-Einstellungen geändert: E-Mail-Adresse, Telefon"


async def test_saving_without_a_change_writes_no_audit_entry(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    count = await AuditEntry.filter(action="site.update_settings").count()
    assert (await post_settings(client)).status_code == 303
    assert await AuditEntry.filter(action="site.update_settings").count() == count


async def test_unknown_fields_are_ignored_and_saved_settings_of_a_newer_version_kept(
    client: httpx.AsyncClient,
) -> None:
    await SiteSettings.create(id=1, values={"from_a_newer_version": "bleibt"})
    await sign_in_as(client, Role.ADMIN)
    assert (await post_settings(client, **FILLED, nonsense="x")).status_code == 303
    values = await stored()
    assert values["from_a_newer_version"] == "bleibt" and "nonsense" not in values


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MODERATOR, Role.PLANNER])
async def test_only_admins_may_open_or_post_the_settings(
    client: httpx.AsyncClient, role: Role
) -> None:
    await sign_in_as(client, role)
    assert (await client.get("/admin/website")).status_code == 403
    response = await post_form(client, "/admin/website", {"operator": "Niemand"})
    assert response.status_code == 403
    assert await stored() == {}


def test_every_standard_text_reads_in_both_languages_with_the_session_length() -> None:
    for setting in BY_KEY.values():
        if setting.default:
            with language("de"):
                german = standard_text(setting, 30)
            with language("en"):
                english = standard_text(setting, 30)
            assert german != english, setting.key
            assert "%(" not in german + english
    with language("de"):
        assert "30 Tage" in standard_text(BY_KEY["retention_sessions"], 30)
