"""German content on English pages carries lang="de" (WCAG 3.1.2), so that a screen reader
reads "Handlungsfeld" in German and the browser hyphenates it as German: masterplan and
field titles, proposal titles and texts, comments and the draft's text. On German pages
nothing is marked twice."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest

from participation.accounts.models import Role
from participation.masterplans.models import Phase
from participation.planning import drafts
from tests.factories import make_comment, make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _Languages(HTMLParser):
    """Each piece of text with the language it is in: the nearest lang attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        inherited = self.stack[-1][1] if self.stack else ""
        self.stack.append((tag, dict(attrs).get("lang") or inherited))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack and self.stack[-1][0] not in ("script", "style", "title"):
            self.texts.append((" ".join(data.split()), self.stack[-1][1]))


def languages_of(html: str, text: str) -> set[str]:
    parser = _Languages()
    parser.feed(html)
    found = {lang for data, lang in parser.texts if text in data}
    assert found, f"{text!r} is not on the page"
    return found


async def _scene() -> dict[str, str]:
    masterplan = await make_masterplan(
        slug="digitale-bildung",
        title="Masterplan Digitale Bildung",
        summary="Schulen, Bibliotheken und Volkshochschulen vernetzen.",
        phase=Phase.CONSULTATION,
    )
    field = await make_field(masterplan, title="Lernräume und Infrastruktur")
    proposal = await make_proposal(
        field,
        title="Glasfaseranschluss für jede Grundschule",
        body="Jede Grundschule braucht einen eigenen Glasfaseranschluss.",
    )
    await make_comment(proposal, body="Unbedingt auch für die Förderschulen.")
    planner = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    await drafts.add_section(
        version=version,
        title="Breitbandausbau",
        body="Bis 2028 erhalten alle Schulstandorte einen Gigabitanschluss.",
        by=planner,
    )
    await drafts.publish_version(version=version, by=planner)
    return {"masterplan": masterplan.slug, "proposal": f"/proposals/{proposal.id}"}


async def test_german_content_on_english_pages_is_marked_german(
    client: httpx.AsyncClient,
) -> None:
    scene = await _scene()
    client.cookies.set("lang", "en", domain="testserver.local")
    slug = scene["masterplan"]
    pages = {
        "/": ["Masterplan Digitale Bildung", "Schulen, Bibliotheken"],
        f"/masterplans/{slug}": [
            "Masterplan Digitale Bildung",
            "Schulen, Bibliotheken",
            "Lernräume und Infrastruktur",
        ],
        f"/masterplans/{slug}/proposals": ["Glasfaseranschluss für jede Grundschule"],
        scene["proposal"]: [
            "Glasfaseranschluss für jede Grundschule",
            "Jede Grundschule braucht",
            "Unbedingt auch für die Förderschulen.",
            "Lernräume und Infrastruktur",
        ],
        f"/masterplans/{slug}/draft": ["Breitbandausbau", "Bis 2028 erhalten alle"],
    }
    for path, texts in pages.items():
        response = await client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="en">' in response.text
        for text in texts:
            assert languages_of(response.text, text) == {"de"}, f"{path}: {text!r}"
    # The page's own words stay English.
    html = (await client.get(scene["proposal"])).text
    assert languages_of(html, "Votes by stakeholder group") == {"en"}


async def test_on_german_pages_german_content_is_not_marked_again(
    client: httpx.AsyncClient,
) -> None:
    scene = await _scene()
    for path in ("/", f"/masterplans/{scene['masterplan']}", scene["proposal"]):
        html = (await client.get(path)).text
        assert '<html lang="de">' in html
        body = html.split("</head>")[1]
        assert body.count('lang="de"') == 1, path  # the language switch's "Deutsch" only
        assert languages_of(html, "Glasfaseranschluss für jede Grundschule") == {"de"}
