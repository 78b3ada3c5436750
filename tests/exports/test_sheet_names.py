"""Sheet names a planner can read: complete words within Excel's 31 characters, unique
whatever the case, none of the characters Excel refuses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from participation.exports.sheet_names import FORBIDDEN, sheet_name


def test_a_long_field_title_loses_its_parenthesis_and_never_a_half_word() -> None:
    taken: set[str] = set()
    names = [
        sheet_name(title, taken)
        for title in (
            "Services und eGovernment (ePayment, eAkte, BürgerApp)",
            "Ressourcen: Liegenschaften und Infrastruktur",
            "Kommunikation, Marketing und Public Relations",
            "Digitales Co-Creation Centre und Lernfabrik",
            "Kompetenz-, Gründungs- und Serviceeinrichtungen",
        )
    ]
    assert names == [
        "Services und eGovernment",
        "Ressourcen - Liegenschaften",
        "Kommunikation, Marketing",
        "Digitales Co-Creation Centre",
        "Serviceeinrichtungen",
    ]


def test_names_that_differ_only_in_case_or_cut_alike_are_numbered() -> None:
    taken: set[str] = set()
    first = sheet_name("Services und eGovernment (ePayment)", taken)
    second = sheet_name("Services und eGovernment mit BürgerApp und eAkte", taken)
    third = sheet_name("services und egovernment", taken)
    assert (first, second, third) == (
        "Services und eGovernment",
        "Services und eGovernment (2)",
        "services und egovernment (3)",
    )
    assert sheet_name("History", set()) == "History (2)"  # Excel keeps "History" for itself


@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=12))
def test_every_name_fits_excel_and_is_unique(titles: list[str]) -> None:
    taken: set[str] = set()
    names = [sheet_name(title, taken) for title in titles]
    assert all(0 < len(name) <= 31 for name in names)
    assert len({name.lower() for name in names}) == len(names)
    assert not any(set(name) & FORBIDDEN or name.startswith("'") for name in names)
