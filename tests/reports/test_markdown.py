"""The Markdown report carries what people wrote as text: a title that looks like HTML, a
link, an image or emphasis stays text when the file is rendered."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from participation.accounts.models import StakeholderGroup
from participation.planning import drafts, links
from participation.proposals.models import Proposal
from participation.reports.markdown import text
from tests.factories import make_field, make_organization, make_proposal, make_user
from tests.reports.scene import issue, make_project

pytestmark = pytest.mark.usefixtures("db")

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[Gewinnspiel](javascript:alert(1))",
    "![Bild](https://evil.invalid/x.png)",
    "**fett** und _kursiv_ und `Code` und ~~weg~~",
    "Spalte | Pipe &amp; &#60;b&#62;",
    "Zeile eins\n# Zeile zwei",
]


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def _rendered(markdown: str) -> list[Token]:
    # The most permissive reading: raw HTML allowed, tables and strikethrough on.
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return list(_tokens(parser.parse(markdown)))


def test_text_escapes_every_markup_of_a_title() -> None:
    tokens = _rendered("\n\n".join(text(title) for title in HOSTILE))
    kinds = {token.type for token in tokens}
    markup = {"html_inline", "html_block", "link_open", "image", "em_open", "strong_open"}
    assert kinds.isdisjoint(markup | {"code_inline", "s_open", "heading_open", "table_open"})
    words = " ".join(token.content for token in tokens if token.type == "text")
    for title in HOSTILE:
        assert " ".join(title.split()) in words


async def test_the_markdown_report_escapes_everything_people_wrote(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(title=HOSTILE[4])
    masterplan = await field.masterplan
    masterplan.title = HOSTILE[2]
    await masterplan.save()
    organization = await make_organization(name=HOSTILE[1])
    author = await make_user(organization)
    planner = await make_user()
    proposals = [
        await make_proposal(field, author, title=title, group=StakeholderGroup.CHAMBERS)
        for title in (HOSTILE[0], HOSTILE[3], HOSTILE[5])
    ]
    await Proposal.filter(id=proposals[0].id).update(organization_id=organization.id)
    await issue(masterplan, planner)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title=HOSTILE[6], body="", by=planner)
    await links.link_proposal(
        section=section, proposal=proposals[1], disposition="adopted", note="", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    await make_project(masterplan, field, planner, "P_1_", HOSTILE[0])
    markdown = (await client.get(f"/reports/council.md?masterplan={masterplan.slug}")).text
    assert not re.search(r"(?<!\\)<", markdown)  # every < is escaped
    assert "](" not in markdown.replace("\\](", "")
    tokens = _rendered(markdown)
    kinds = {token.type for token in tokens}
    assert kinds.isdisjoint({"html_inline", "html_block", "link_open", "image", "code_inline"})
    assert "s_open" not in kinds
    emphasis = [t for t in tokens if t.type in ("em_open", "strong_open")]
    assert len(emphasis) == 1  # the report's own bold "Total" row, nothing from a title
    words = " ".join(token.content for token in tokens if token.type == "text")
    for title in HOSTILE[:6]:
        assert title in words
    assert "Zeile eins # Zeile zwei" in words  # the section that took it up, on one line
