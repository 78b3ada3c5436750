from __future__ import annotations

from starlette.routing import Mount, Route

from participation.i18n import language
from participation.masterplans.slugs import RESERVED, slug_error, slugify
from tests.test_access_matrix import app_routes


def test_a_title_becomes_an_address_with_umlauts_spelled_out() -> None:
    assert slugify("Masterplan Digitale Gesundheit") == "masterplan-digitale-gesundheit"
    assert slugify("Straßenbäume & Grünflächen") == "strassenbaeume-gruenflaechen"
    assert slugify("Öffentliche Übergänge") == "oeffentliche-uebergaenge"
    assert slugify("Café  –  Kultur!") == "cafe-kultur"
    assert slugify("„“ ???") == ""


def test_a_long_title_makes_an_address_of_at_most_80_characters_cut_between_words() -> None:
    slug = slugify("Digitalisierung " * 20)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert slug.split("-")[-1] == "digitalisierung"


def test_every_first_path_segment_of_the_app_is_a_reserved_address() -> None:
    segments = {
        route.path.strip("/").split("/")[0]
        for route in app_routes()
        if isinstance(route, Route | Mount)
    }
    assert {s for s in segments if s and "{" not in s} - RESERVED == set()
    assert {"new", "admin", "api", "static", "archiv"} <= RESERVED


def test_an_address_is_refused_for_its_form_or_for_being_reserved() -> None:
    assert slug_error("digitale-gesundheit") is None
    for bad in ("", "Digitale", "digitale--gesundheit", "-digital", "digital gesundheit", "ä"):
        assert slug_error(bad), bad
    assert slug_error("a" * 81)
    with language("en"):
        assert "reserved" in (slug_error("admin") or "")
    assert slug_error("admin", reserved=frozenset()) is None
