from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from markupsafe import escape

from participation.accounts.models import Role, StakeholderGroup, User
from participation.i18n import language, ngettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.models import AuditEntry, StatusChange
from participation.planning import drafts, links
from participation.planning.models import Disposition, DraftSection, DraftVersion, InputLink
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.queries import Cursor, Sort
from participation.votes.queries import breakdowns
from tests.auth import csrf_token, make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import QueryCounter, open_client
from tests.factories import (
    add_votes,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
    make_user,
)
from tests.proposals.test_pages import titles_in

pytestmark = pytest.mark.usefixtures("db")


async def planner_of(masterplan: Masterplan) -> User:
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    return planner


async def planned_field(client: httpx.AsyncClient) -> tuple[FieldOfAction, Masterplan, User]:
    """A field of action of a masterplan the client's person plans."""
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    return field, masterplan, await sign_in(client, await planner_of(masterplan))


def label(disposition: Disposition) -> str:
    """A disposition as a German page shows it."""
    with language("de"):
        return str(escape(disposition.label))


async def section_of(masterplan: Masterplan, by: User, title: str = "Glasfaser") -> DraftSection:
    version = await drafts.working_version(masterplan=masterplan, by=by)
    return await drafts.add_section(version=version, title=title, body="Text.", by=by)


async def walk(client: httpx.AsyncClient, url: str) -> list[str]:
    """Follow the next-page links from ``url`` to the end; the titles in order."""
    seen: list[str] = []
    next_url: str | None = url
    while next_url:
        response = await client.get(next_url)
        assert response.status_code == 200
        seen += titles_in(response.text)
        match = re.search(r'rel="next" href="([^"]+)"', response.text)
        next_url = match.group(1).replace("&amp;", "&") if match else None
    return seen


# Who gets in


async def test_the_index_lists_the_masterplans_the_planner_plans_with_their_pages(
    client: httpx.AsyncClient,
) -> None:
    mine = await make_masterplan(title="Plan Hafen", slug="digitale-wirtschaft")
    await make_masterplan(title="Plan Phoenix-See")
    await sign_in(client, await planner_of(mine))
    page = (await client.get("/planning")).text.split('id="main"')[1]  # the header lists all
    assert "Plan Hafen" in page and "Plan Phoenix-See" not in page
    for path in ("", "/draft", "/projects", "/settings"):
        assert f'href="/planning/digitale-wirtschaft{path}"' in page


async def test_admins_see_every_masterplan_and_a_planner_of_none_is_told_so(
    client: httpx.AsyncClient,
) -> None:
    await make_masterplan(title="Plan Hafen")
    await make_masterplan(title="Plan Phoenix-See")
    await sign_in_as(client, Role.PLANNER)
    alone = (await client.get("/planning")).text.split('id="main"')[1]
    assert "Plan Hafen" not in alone
    nothing = "You do not plan any masterplan yet. An administrator names the planners of each masterplan."  # noqa: E501
    assert shown(nothing) in alone
    async with open_client() as admin:
        await sign_in_as(admin, Role.ADMIN)
        page = (await admin.get("/planning")).text
    assert "Plan Hafen" in page and "Plan Phoenix-See" in page


async def test_the_navigation_links_planning_for_planners_and_admins_only(
    client: httpx.AsyncClient,
) -> None:
    link = 'href="/planning"'
    assert link not in (await client.get("/")).text
    await sign_in_as(client, Role.MODERATOR)
    assert link not in (await client.get("/")).text
    await sign_in_as(client, Role.PLANNER)
    assert link in (await client.get("/")).text


async def test_citizens_are_refused_and_visitors_sent_to_sign_in(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    for path in ("/planning", f"/planning/{masterplan.slug}"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/account/login?next=")
    await sign_in_as(client, Role.CITIZEN)
    for path in ("/planning", f"/planning/{masterplan.slug}"):
        assert (await client.get(path)).status_code == 403


async def test_a_planner_of_another_masterplan_is_refused_and_a_wrong_slug_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    other = await make_masterplan()
    await planned_field(client)
    assert (await client.get(f"/planning/{other.slug}")).status_code == 403
    proposal = await make_proposal(await make_field(other))
    response = await post_form(
        client,
        f"/planning/{other.slug}/status",
        {"proposal": str(proposal.id), "status": "published", "response": ""},
    )
    assert response.status_code == 403
    assert not await StatusChange.exists(proposal_id=proposal.id)
    assert (await client.get("/planning/kein-masterplan")).status_code == 404


# The ranked list


async def test_the_list_shows_scores_group_breakdown_and_the_field_of_each_proposal(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, _ = await planned_field(client)
    ihk = await make_organization(name="IHK zu Dortmund")
    proposal = await make_proposal(
        field, title="Gigabit für Gewerbegebiete", organization=ihk, group=StakeholderGroup.CHAMBERS
    )
    await add_votes(proposal, StakeholderGroup.CHAMBERS, 4, 0)
    await add_votes(proposal, StakeholderGroup.CITIZENS, 2, 3)
    await proposal.refresh_from_db()
    page = (await client.get(f"/planning/{masterplan.slug}")).text
    assert titles_in(page) == ["Gigabit für Gewerbegebiete"]
    assert field.title in page and "IHK zu Dortmund" in page
    for score in (proposal.wilson, proposal.balanced):
        assert f"{score:.2f}".replace(".", ",") in page
    assert f"{proposal.consensus:.3f}".replace(".", ",") in page
    chart = re.search(r'<div class="chart" id="chart-\d+".*?</div>\s*</div>', page, re.S)
    assert chart is not None
    assert "4 : 0" in chart.group(0) and "2 : 3" in chart.group(0)
    assert shown("Science and research") not in chart.group(0)  # groups without votes left out


@pytest.mark.parametrize("sort", ["balanced", "consensus"])
async def test_the_planners_sorts_walk_every_proposal_once_in_order(
    client: httpx.AsyncClient, sort: str
) -> None:
    field, masterplan, _ = await planned_field(client)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    for index in range(45):
        proposal = await make_proposal(
            field, title=f"Vorschlag {index:02d}", created_at=start + timedelta(hours=index)
        )
        await add_votes(proposal, StakeholderGroup.CITIZENS, index % 4, index % 3 == 0)
        await add_votes(proposal, StakeholderGroup.CHAMBERS, index % 2, 0)
    rows = await Proposal.filter(masterplan_id=masterplan.id)
    expected = [
        p.title
        for p in sorted(rows, key=lambda p: (-getattr(p, sort), p.opposes, -p.vote_count, p.id))
    ]
    assert await walk(client, f"/planning/{masterplan.slug}?sort={sort}") == expected


def test_a_cursor_of_a_planners_sort_keeps_its_scores_as_numbers() -> None:
    cursor = Cursor(Sort.CONSENSUS, (0.0078125, 1, 3, 17))
    assert Cursor.decode(cursor.encode(), Sort.CONSENSUS) == cursor
    assert Cursor.decode(cursor.encode(), Sort.BALANCED) is None


async def test_the_list_filters_by_field_status_group_text_and_link(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, planner = await planned_field(client)
    other_field = await make_field(masterplan)
    linked = await make_proposal(field, title="Glasfaser für Schulen")
    await make_proposal(other_field, title="Offene Daten", group=StakeholderGroup.SCIENCE)
    await make_proposal(field, title="Bürgerbüro online", status=ProposalStatus.ADOPTED)
    section = await section_of(masterplan, planner)
    await links.link_proposal(
        section=section, proposal=linked, disposition="adopted", note="", by=planner
    )
    url = f"/planning/{masterplan.slug}"

    async def titles(query: str) -> list[str]:
        return sorted(titles_in((await client.get(f"{url}?{query}")).text))

    assert await titles(f"field={other_field.slug}") == ["Offene Daten"]
    assert await titles("status=adopted") == ["Bürgerbüro online"]
    assert await titles("group=science") == ["Offene Daten"]
    assert await titles("linked=linked") == ["Glasfaser für Schulen"]
    assert await titles("linked=unlinked") == ["Bürgerbüro online", "Offene Daten"]
    assert await titles("q=Glasfaser") == ["Glasfaser für Schulen"]


async def test_without_a_working_version_the_page_says_so_and_makes_none(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, _ = await planned_field(client)
    await make_proposal(field)
    page = (await client.get(f"/planning/{masterplan.slug}")).text
    assert shown("There is no working version of the draft yet.") in page
    assert f'href="/planning/{masterplan.slug}/draft"' in page
    assert 'name="section"' not in page
    unlinked = titles_in((await client.get(f"/planning/{masterplan.slug}?linked=unlinked")).text)
    assert len(unlinked) == 1
    assert not await DraftVersion.exists(masterplan_id=masterplan.id)


# Linking


async def test_linking_with_htmx_answers_with_the_row_showing_the_section(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, planner = await planned_field(client)
    proposal = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    section = await section_of(masterplan, planner, title="Glasfaserausbau")
    token = await _token(client, masterplan)
    response = await client.post(
        f"/planning/{masterplan.slug}/links",
        data={
            "csrf_token": token,
            "proposal": str(proposal.id),
            "section": str(section.id),
            "disposition": "partially_adopted",
            "note": "Für die Gewerbegebiete im Norden.",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="input-row" id="input-row-{proposal.id}"')
    assert "<html" not in response.text
    assert "„Glasfaserausbau“ – " + label(Disposition.PARTIALLY_ADOPTED) in response.text
    link = await InputLink.get(proposal_id=proposal.id)
    assert (link.section_id, link.note) == (section.id, "Für die Gewerbegebiete im Norden.")  # type: ignore[attr-defined]
    assert await AuditEntry.exists(action="draft.link", target_id=proposal.id)


async def test_linking_without_javascript_leads_back_to_the_list_as_it_was(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, planner = await planned_field(client)
    proposal = await make_proposal(field)
    section = await section_of(masterplan, planner)
    response = await post_form(
        client,
        f"/planning/{masterplan.slug}/links?sort=consensus&field={field.slug}",
        {"proposal": str(proposal.id), "section": str(section.id), "disposition": "adopted"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/planning/{masterplan.slug}?sort=consensus&field={field.slug}#input-row-{proposal.id}"
    )
    page = (await client.get(response.headers["location"])).text
    assert "„Glasfaser“ – " + label(Disposition.ADOPTED) in page


async def test_a_refused_link_comes_back_with_the_error_next_to_the_field(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, planner = await planned_field(client)
    proposal = await make_proposal(field)
    section = await section_of(masterplan, planner)
    data = {
        "proposal": str(proposal.id),
        "section": str(section.id),
        "disposition": "",
        "note": "Meine Notiz",
    }
    response = await post_form(client, f"/planning/{masterplan.slug}/links", data)
    assert response.status_code == 400
    assert f'id="disposition-{proposal.id}-error"' in response.text
    assert shown("Please choose a disposition.") in response.text
    assert 'value="Meine Notiz"' in response.text
    assert not await InputLink.exists(proposal_id=proposal.id)


async def test_unlinking_removes_the_link_and_a_link_elsewhere_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, planner = await planned_field(client)
    proposal = await make_proposal(field)
    section = await section_of(masterplan, planner)
    link = await links.link_proposal(
        section=section, proposal=proposal, disposition="considered", note="", by=planner
    )
    other = await make_masterplan()
    await other.planners.add(planner)
    missing = await post_form(client, f"/planning/{other.slug}/links/{link.id}/delete")
    assert missing.status_code == 404
    token = await _token(client, masterplan)
    response = await client.post(
        f"/planning/{masterplan.slug}/links/{link.id}/delete",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and f'id="input-row-{proposal.id}"' in response.text
    assert not await InputLink.exists(id=link.id)
    assert await AuditEntry.exists(action="draft.unlink", target_id=proposal.id)


# Answering many at once


async def test_bulk_status_answers_every_selected_proposal_and_says_how_many(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, planner = await planned_field(client)
    one, two, left = [await make_proposal(field) for _ in range(3)]
    response = await client.post(
        f"/planning/{masterplan.slug}/status?sort=new",
        data={
            "csrf_token": await _token(client, masterplan),
            "proposal": [str(one.id), str(two.id)],
            "status": "adopted",
            "response": "Wird im Masterplan umgesetzt.",
            "reason": "Sitzung vom 3. März",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/planning/{masterplan.slug}?sort=new&changed=2#bulk"
    for proposal in (one, two):
        await proposal.refresh_from_db()
        assert (proposal.status, proposal.official_response) == (
            ProposalStatus.ADOPTED,
            "Wird im Masterplan umgesetzt.",
        )
    assert (await Proposal.get(id=left.id)).status == ProposalStatus.PUBLISHED
    assert await StatusChange.filter(changed_by_id=planner.id).count() == 2
    page = (await client.get(response.headers["location"])).text
    with language("de"):
        done = ngettext(
            "%(num)d proposal has its new status and response. The authors and followers are "
            "notified.",
            "%(num)d proposals have their new status and response. The authors and followers "
            "are notified.",
            2,
        ) % {"num": 2}
    assert done.startswith("2 Vorschläge") and done in page


async def test_bulk_errors_come_back_next_to_the_fields_with_the_selection_kept(
    client: httpx.AsyncClient,
) -> None:
    field, masterplan, _ = await planned_field(client)
    chosen, other = await make_proposal(field), await make_proposal(field)
    response = await client.post(
        f"/planning/{masterplan.slug}/status",
        data={
            "csrf_token": await _token(client, masterplan),
            "proposal": str(chosen.id),
            "status": "not_adopted",
            "response": " ",
            "reason": "Intern",
        },
    )
    assert response.status_code == 400
    assert 'id="bulk-response-error"' in response.text
    assert shown("Please write the public response: this status needs one.") in response.text
    assert f'value="{chosen.id}" id="select-{chosen.id}" checked' in response.text
    assert f'value="{other.id}" id="select-{other.id}">' in response.text
    assert 'id="bulk-status-not_adopted" checked' in response.text
    assert ">Intern</textarea>" in response.text
    assert (await Proposal.get(id=chosen.id)).status == ProposalStatus.PUBLISHED
    nothing = await client.post(
        f"/planning/{masterplan.slug}/status",
        data={"csrf_token": await _token(client, masterplan), "status": "published"},
    )
    assert nothing.status_code == 400
    assert shown("Please select at least one proposal.") in nothing.text


# Speed


async def _fill(masterplan: Masterplan, planner: User, count: int) -> None:
    field = await make_field(masterplan)
    section = await section_of(masterplan, planner, title=f"Abschnitt {count}")
    for index in range(count):
        proposal = await make_proposal(
            field,
            author=await make_user(await make_organization()),
            organization=await make_organization(),
        )
        await add_votes(proposal, StakeholderGroup.CITIZENS, 2, 1)
        await add_votes(proposal, StakeholderGroup.SCIENCE, 1, 0)
        await links.link_proposal(
            section=section, proposal=proposal, disposition="adopted", note=f"{index}", by=planner
        )


async def test_the_page_needs_the_same_few_queries_whatever_its_length(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    planner = await make_person(role=Role.PLANNER)
    small, large = await make_masterplan(), await make_masterplan()
    for masterplan, count in ((small, 1), (large, 15)):
        await masterplan.planners.add(planner)
        await _fill(masterplan, planner, count)
    await sign_in(client, planner)
    counts = []
    for masterplan in (small, large):
        count_queries.statements.clear()
        response = await client.get(f"/planning/{masterplan.slug}")
        assert response.status_code == 200 and len(titles_in(response.text)) in (1, 15)
        counts.append(count_queries.count)
    assert counts[0] == counts[1] <= 11  # the header's masterplans are one of them


async def test_breakdowns_reads_the_tallies_of_a_whole_page_at_once(
    count_queries: QueryCounter,
) -> None:
    field = await make_field()
    quiet, busy = await make_proposal(field), await make_proposal(field)
    await add_votes(busy, StakeholderGroup.CHAMBERS, 3, 1)
    count_queries.statements.clear()
    found = await breakdowns([quiet, busy])
    assert count_queries.count == 1
    assert found[quiet.id].total == 0
    chambers = next(r for r in found[busy.id].rows if r.group == StakeholderGroup.CHAMBERS)
    assert (chambers.supports, chambers.opposes, found[busy.id].total) == (3, 1, 4)


async def _token(client: httpx.AsyncClient, masterplan: Masterplan) -> str:
    return await csrf_token(client, f"/planning/{masterplan.slug}/settings")


async def test_bulk_status_never_names_a_hidden_or_pending_proposal(
    client: httpx.AsyncClient,
) -> None:
    """A planner who types the id of a proposal the workspace does not list learns nothing
    of it: not its title in an error, and its status stays."""
    field, masterplan, _ = await planned_field(client)
    hidden = await make_proposal(field, title="Verborgener Titel", status=ProposalStatus.HIDDEN)
    pending = await make_proposal(field, title="Wartender Titel", status=ProposalStatus.PENDING)
    listed = await make_proposal(field)
    response = await client.post(
        f"/planning/{masterplan.slug}/status",
        data={
            "csrf_token": await _token(client, masterplan),
            "proposal": [str(hidden.id), str(pending.id), str(listed.id)],
            "status": "in_review",
            "response": "Wird geprüft.",
        },
    )
    assert response.status_code == 303
    page = (await client.get(response.headers["location"])).text
    assert "Verborgener Titel" not in page and "Wartender Titel" not in page
    assert (await Proposal.get(id=hidden.id)).status == ProposalStatus.HIDDEN
    assert (await Proposal.get(id=pending.id)).status == ProposalStatus.PENDING
    assert (await Proposal.get(id=listed.id)).status == ProposalStatus.IN_REVIEW
    only_hidden = await client.post(
        f"/planning/{masterplan.slug}/status",
        data={
            "csrf_token": await _token(client, masterplan),
            "proposal": str(hidden.id),
            "status": "in_review",
            "response": "Wird geprüft.",
        },
    )
    assert only_hidden.status_code == 400
    assert "Verborgener Titel" not in only_hidden.text
