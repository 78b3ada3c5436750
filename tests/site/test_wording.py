"""The German reads as an editor would have it, and English pages write numbers as English does."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import httpx
from babel.messages.pofile import read_po

from participation.i18n import LOCALE_DIR, format_day, format_moment, format_percent, language
from participation.planning.models import Milestone, Project, ProjectStatus
from tests.factories import make_field, make_masterplan


def _catalog(lang: str) -> list[tuple[str, str]]:
    """(English msgid, text) for every translated form in the catalog of ``lang``."""
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=lang)
    pairs: list[tuple[str, str]] = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs += [(_key(message.id), str(text)) for text in strings if text]
    return pairs


def _key(msgid: object) -> str:
    """A message's msgid, the singular one for a message with plural forms."""
    return str(msgid[0] if isinstance(msgid, tuple | list) else msgid)


def _offending(pattern: re.Pattern[str]) -> list[str]:
    return [text for _, text in _catalog("de") if pattern.search(text)]


def test_the_polite_form_is_never_written_in_lower_case() -> None:
    # "Wählen sie …", "Bitte geben sie …": a verb that opens a sentence or follows "Bitte"
    # speaks to the reader, so its "Sie" is capitalised.
    opening = re.compile(r"(?:^|[.:;!?–]\s+|\bBitte\s+)\w+en\s+(?:sie|ihr|ihre|ihren|ihnen)\b")
    assert _offending(opening) == []
    # Phrases the catalog once had, where "sie" read as a lower-case "Sie".
    known = re.compile(r"wählen sie unten aus|Sie sie sich|Ihren ein\b")
    assert _offending(known) == []


def test_no_word_is_written_twice_in_a_row() -> None:
    # "die die" and "der der" are a relative pronoun before an article: German allows them.
    doubled = re.compile(r"\b(?!(?:die|der|das|den|dem)\b)(\w+)\s+\1\b")
    assert _offending(doubled) == []


def test_a_masterplan_title_is_not_preceded_by_the_word_masterplan() -> None:
    # Every title starts with "Masterplan" already ("Masterplan Digitale Wirtschaft"): "den
    # Masterplan „Masterplan Digitale Wirtschaft“" says it twice.
    assert _offending(re.compile(r"Masterplans?\s+„%\(")) == []
    english = [msgid for msgid, _ in _catalog("de") if re.search(r"(?i)masterplan\s+“%\(", msgid)]
    assert english == []


def test_each_concept_has_one_german_term() -> None:
    # The variant on the left, where the site says the term on the right everywhere else.
    variants = {
        r"\bFassung": "Version",
        r"\bEinw[äa]nd": "Ablehnung",
        r"\b[Vv]ormoderiert": "Vorabprüfung",
        r"\bPlanende": "die Planung, Planerinnen und Planer",
        r"\bAkteursgruppe": "Gruppe",
        r"\bgereiht": "Rangfolge",
        r"\bFolgenden\b": "wer ihm folgt",
        r"Meldungen \w+ zurückgewiesen": "verworfen",
    }
    found = {term: _offending(re.compile(variant)) for variant, term in variants.items()}
    assert {term: texts for term, texts in found.items() if texts} == {}


def test_english_writes_percentages_without_a_space_and_german_with_one() -> None:
    with language("en"):
        assert format_percent(0.79) == "79%"
    with language("de"):
        assert format_percent(0.79) == "79\u00a0%"


def test_english_texts_write_percent_signs_without_a_space() -> None:
    # An English text is its catalog entry where it has one, otherwise the msgid itself.
    with open(LOCALE_DIR / "messages.pot", "rb") as pot:
        msgids = [_key(message.id) for message in read_po(pot) if message.id]
    english = dict(_catalog("en"))
    spaced = [english.get(msgid, msgid) for msgid in msgids]
    assert [text for text in spaced if re.search(r"\d\s%", text)] == []


def test_english_dates_name_the_month() -> None:
    with language("en"):
        assert format_day(date(2026, 6, 3)) == "3 June 2026"
        assert format_day(date(2026, 6, 3), "long") == "3 June 2026"
        assert format_day(date(2026, 6, 3), "MMMM yyyy") == "June 2026"
    with language("de"):
        assert format_day(date(2026, 6, 3)) == "03.06.2026"


def test_english_moments_name_the_month_in_dortmund_time() -> None:
    with language("en"):
        assert format_moment(datetime(2026, 6, 3, 12, 5, tzinfo=UTC)) == "3 Jun 2026, 14:05"


async def test_an_english_project_page_shows_percent_and_named_months(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    project = await Project.create(
        masterplan=masterplan,
        field_of_action=field,
        code="DW-01",
        title="Glasfaser für alle Gewerbegebiete",
        status=ProjectStatus.RUNNING,
        progress=79,
    )
    await Milestone.create(project=project, title="Ausschreibung", due_on=date(2026, 6, 3))
    await client.get("/language/en?next=/")
    page = (await client.get(f"/projects/{project.id}")).text
    assert "79% done" in page and "79 %" not in page
    assert "3 June 2026" in page and "03/06/2026" not in page
    await client.get("/language/de?next=/")
    page = (await client.get(f"/projects/{project.id}")).text
    assert "79\u00a0% erledigt" in page and "03.06.2026" in page
