"""Traceability in public: where a proposal went, and "Was aus Ihren Beiträgen wurde"."""

from __future__ import annotations

import re

import httpx
import pytest
from markupsafe import escape

from participation.accounts.models import Role, StakeholderGroup, User
from participation.i18n import language
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.responses import change_status
from participation.planning import drafts, links
from participation.planning.models import Disposition, DraftSection, DraftVersion
from participation.planning.outcomes import Tally, outcomes_of
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import make_person, shown, sign_in
from tests.conftest import QueryCounter
from tests.factories import make_field, make_masterplan, make_proposal, make_user, make_vote

pytestmark = pytest.mark.usefixtures("db")


async def planner() -> User:
    return await make_user(role=Role.PLANNER)


async def draft(
    masterplan: Masterplan, by: User, sections: dict[str, list[tuple[Proposal, str, str]]]
) -> tuple[DraftVersion, dict[str, DraftSection]]:
    """Publish the next version: each section title with the proposals it takes up as
    (proposal, disposition, note)."""
    version = await drafts.working_version(masterplan=masterplan, by=by)
    made = {}
    for title, taken in sections.items():
        section = await drafts.add_section(version=version, title=title, body="Text.", by=by)
        for proposal, disposition, note in taken:
            await links.link_proposal(
                section=section, proposal=proposal, disposition=disposition, note=note, by=by
            )
        made[title] = section
    await drafts.publish_version(version=version, by=by)
    return version, made


def label(disposition: Disposition) -> str:
    """A disposition as a German page shows it."""
    with language("de"):
        return str(escape(disposition.label))


def section_of(html: str, element_id: str) -> str:
    """The HTML of the <section> with this id, up to the next top-level section."""
    start = html.index(f'<section id="{element_id}"')
    following = html.find('\n<section id="', start + 1)
    return html[start : following if following != -1 else len(html)]


async def two_fields() -> tuple[Masterplan, FieldOfAction, FieldOfAction]:
    masterplan = await make_masterplan(slug="digitale-bildung")
    return masterplan, await make_field(masterplan), await make_field(masterplan)


async def test_counts_take_each_listed_proposal_once_under_its_strongest_disposition() -> None:
    masterplan, schools, media = await two_fields()
    wlan = await make_proposal(schools, title="WLAN", group=StakeholderGroup.CITIZENS)
    tablets = await make_proposal(schools, title="Tablets", group=StakeholderGroup.CHAMBERS)
    courses = await make_proposal(media, title="Kurse", group=StakeholderGroup.SCIENCE)
    await make_proposal(media, title="Offen", group=StakeholderGroup.CITIZENS)
    await make_proposal(media, title="Wartet", status=ProposalStatus.PENDING)
    by = await planner()
    await draft(
        masterplan,
        by,
        {
            "Netze": [(wlan, "considered", ""), (tablets, "partially_adopted", "")],
            "Schulen": [(wlan, "adopted", ""), (courses, "considered", "")],
        },
    )
    # A working version is not public: what it links does not count yet.
    working = await drafts.working_version(masterplan=masterplan, by=by)
    copy = await DraftSection.filter(version_id=working.id).first()
    assert copy is not None
    offen = await Proposal.get(title="Offen")
    await links.link_proposal(section=copy, proposal=offen, disposition="adopted", note="", by=by)

    found = await outcomes_of(masterplan)

    # "Offen" was there when version 1 came out and no section took it up.
    assert found.overall == Tally(adopted=1, partially_adopted=1, considered=1, not_taken_up=1)
    assert (found.overall.total, found.overall.taken_up) == (4, 2)
    assert found.by_group == {
        StakeholderGroup.CHAMBERS: Tally(partially_adopted=1),
        StakeholderGroup.SCIENCE: Tally(considered=1),
        StakeholderGroup.CITIZENS: Tally(adopted=1, not_taken_up=1),
    }
    assert [(f.field.id, f.tally) for f in found.fields] == [
        (schools.id, Tally(adopted=1, partially_adopted=1)),
        (media.id, Tally(considered=1, not_taken_up=1)),
    ]
    assert [t.section_title for t in found.verdicts.sections[wlan.id]] == ["Netze", "Schulen"]


async def test_a_later_published_version_replaces_what_the_earlier_one_took_up() -> None:
    masterplan, schools, _ = await two_fields()
    proposal = await make_proposal(schools)
    by = await planner()
    await draft(masterplan, by, {"Netze": [(proposal, "considered", "")]})
    second = await drafts.working_version(masterplan=masterplan, by=by)
    section = await DraftSection.get(version_id=second.id)
    await links.link_proposal(
        section=section, proposal=proposal, disposition="adopted", note="", by=by
    )
    assert (await outcomes_of(masterplan)).overall.considered == 1
    await drafts.publish_version(version=second, by=by)
    found = await outcomes_of(masterplan)
    assert found.version is not None and found.version.number == 2
    assert (found.overall.adopted, found.overall.considered) == (1, 0)


async def test_the_page_shows_where_each_decided_proposal_went_and_what_is_still_open(
    client: httpx.AsyncClient,
) -> None:
    masterplan, schools, media = await two_fields()
    wlan = await make_proposal(schools, title="WLAN in allen Schulen")
    refused = await make_proposal(media, title="Tablets für alle")
    await make_proposal(media, title="Noch offen")
    await change_status(
        proposal=refused,
        by=await make_user(role=Role.MODERATOR),
        status="not_adopted",
        response="Zu teuer für den Haushalt 2027.",
    )
    _, sections = await draft(
        masterplan, await planner(), {"Netze": [(wlan, "adopted", "Ganz übernommen.")]}
    )

    response = await client.get("/masterplans/digitale-bildung/outcomes")

    assert response.status_code == 200
    html = response.text
    listing = section_of(html, "proposals-by-field")
    assert "WLAN in allen Schulen" in listing and "Ganz übernommen." in listing
    assert f'href="/masterplans/digitale-bildung/draft#section-{sections["Netze"].key}"' in listing
    assert label(Disposition.ADOPTED) in listing
    assert "Tablets für alle" in listing and "Zu teuer für den Haushalt 2027." in listing
    assert "Noch offen" not in listing  # not taken up: counted and linked, not listed
    assert "?field=" + media.slug + "&amp;status=published" in listing
    assert shown("%(num)s more proposal not adopted") % {"num": 1} in listing
    counts = section_of(html, "outcome-counts")
    assert 'id="outcomes-by-group"' in counts and 'role="img"' in counts
    assert shown("Not adopted") in counts and shown("Still open") in counts


async def test_before_any_published_version_the_page_says_the_draft_is_not_out(
    client: httpx.AsyncClient,
) -> None:
    masterplan, schools, _ = await two_fields()
    await make_proposal(schools, title="WLAN in allen Schulen")
    html = (await client.get(f"/masterplans/{masterplan.slug}/outcomes")).text
    assert (
        shown(
            "No version of the draft has been published yet. As soon as one is, this page shows "
            "which proposals it took up."
        )
        in html
    )
    assert 'id="outcome-counts"' not in html


async def test_a_citizen_finds_where_her_proposals_and_the_ones_she_voted_on_went(
    client: httpx.AsyncClient,
) -> None:
    masterplan, schools, media = await two_fields()
    citizen = await make_person()
    hers = await make_proposal(schools, author=citizen, title="WLAN in allen Schulen")
    supported = await make_proposal(schools, title="Glasfaser für Schulen")
    opposed = await make_proposal(media, title="Handyverbot")
    await make_proposal(media, title="Fremder Vorschlag")
    await make_vote(supported, citizen, 1)
    await make_vote(opposed, citizen, -1)
    await change_status(
        proposal=opposed,
        by=await make_user(role=Role.MODERATOR),
        status="not_adopted",
        response="Die Schulen entscheiden selbst.",
    )
    await draft(
        masterplan,
        await planner(),
        {"Netze": [(hers, "adopted", "Kommt 2027."), (supported, "partially_adopted", "")]},
    )
    await sign_in(client, citizen)

    html = (await client.get(f"/masterplans/{masterplan.slug}/outcomes")).text

    yours = section_of(html, "your-contributions")
    titles = re.findall(r'id="yours-\d+-title"><a [^>]+>([^<]+)</a>', yours)
    assert sorted(titles) == ["Glasfaser für Schulen", "Handyverbot", "WLAN in allen Schulen"]
    assert shown("Your proposal") in yours and "Kommt 2027." in yours
    assert shown("You supported it") in yours and label(Disposition.PARTIALLY_ADOPTED) in yours
    assert shown("You objected to it") in yours and "Die Schulen entscheiden selbst." in yours
    assert html.index('id="your-contributions"') < html.index('id="proposals-by-field"')


async def test_visitors_see_no_contributions_of_their_own(client: httpx.AsyncClient) -> None:
    masterplan, _, _ = await two_fields()
    html = (await client.get(f"/masterplans/{masterplan.slug}/outcomes")).text
    assert 'id="your-contributions"' not in html


async def test_an_unknown_masterplan_has_no_outcomes_page(client: httpx.AsyncClient) -> None:
    assert (await client.get("/masterplans/gibt-es-nicht/outcomes")).status_code == 404


async def _world(proposals: int) -> tuple[str, User]:
    """A masterplan with a published draft linking every other proposal, and a citizen who
    wrote one proposal and voted on all."""
    masterplan = await make_masterplan()
    fields = [await make_field(masterplan), await make_field(masterplan)]
    citizen = await make_person()
    made = []
    for index in range(proposals):
        proposal = await make_proposal(
            fields[index % 2],
            author=citizen if index == 0 else None,
            group=list(StakeholderGroup)[index % len(StakeholderGroup)],
        )
        await make_vote(proposal, citizen, 1 if index % 3 else -1)
        made.append(proposal)
    dispositions = ("adopted", "partially_adopted", "considered")
    await draft(
        masterplan,
        await planner(),
        {"Abschnitt": [(p, dispositions[i % 3], "Notiz") for i, p in enumerate(made[::2])]},
    )
    return masterplan.slug, citizen


async def _queries_for(client: httpx.AsyncClient, counter: QueryCounter, url: str) -> int:
    await client.get("/")  # the header's masterplans: read once, then kept
    counter.statements.clear()
    assert (await client.get(url)).status_code == 200
    return counter.count


async def test_the_page_needs_as_many_queries_for_many_proposals_as_for_few(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    small, small_citizen = await _world(2)
    large, large_citizen = await _world(24)
    few = await _queries_for(client, count_queries, f"/masterplans/{small}/outcomes")
    many = await _queries_for(client, count_queries, f"/masterplans/{large}/outcomes")
    assert few == many <= 6
    await sign_in(client, small_citizen)
    few = await _queries_for(client, count_queries, f"/masterplans/{small}/outcomes")
    await sign_in(client, large_citizen)
    many = await _queries_for(client, count_queries, f"/masterplans/{large}/outcomes")
    assert few == many <= 11
    assert not any('"vote"' in q and "COUNT" in q.upper() for q in count_queries.statements)


async def test_the_proposal_page_shows_where_the_proposal_went(
    client: httpx.AsyncClient,
) -> None:
    masterplan, schools, _ = await two_fields()
    proposal = await make_proposal(schools, title="WLAN in allen Schulen")
    untouched = await make_proposal(schools)
    _, sections = await draft(
        masterplan, await planner(), {"Netze": [(proposal, "partially_adopted", "Nur Teil 1.")]}
    )

    html = (await client.get(f"/proposals/{proposal.id}")).text

    where = section_of(html, "destinations")
    assert shown("In the masterplan draft") in where
    assert shown("Version %(number)s of the draft took this proposal up:") % {"number": 1} in where
    assert f'href="/masterplans/digitale-bildung/draft#section-{sections["Netze"].key}"' in where
    assert ">Netze</a>" in where and label(Disposition.PARTIALLY_ADOPTED) in where
    assert "Nur Teil 1." in where
    left_out = (await client.get(f"/proposals/{untouched.id}")).text
    message = shown(
        "Version %(number)s of the draft, published on %(date)s, did not take this proposal up."
    )
    assert message.split("%(date)s")[-1] in section_of(left_out, "destinations")
    # Submitted after the draft: not called left out, but said to be too late for it.
    later = await make_proposal(schools, title="Nach dem Entwurf eingereicht")
    later_page = (await client.get(f"/proposals/{later.id}")).text
    assert message.split("%(date)s")[-1] not in later_page
    assert "Nach dem Entwurf eingereicht: Version 1" in section_of(later_page, "destinations")


async def test_the_masterplan_page_links_to_draft_projects_ranking_and_outcomes(
    client: httpx.AsyncClient,
) -> None:
    await make_masterplan(slug="digitale-wirtschaft")
    html = (await client.get("/masterplans/digitale-wirtschaft")).text
    for path in ("draft", "projects", "ranking", "outcomes"):
        assert f'href="/masterplans/digitale-wirtschaft/{path}"' in html
