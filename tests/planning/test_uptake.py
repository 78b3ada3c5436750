"""One definition of "taken up": the verdict on each proposal, and the same verdicts counted."""

from __future__ import annotations

import itertools
from collections import Counter

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup, User
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import drafts, links
from participation.planning.uptake import (
    Tally,
    Uptake,
    count_uptakes,
    shown_status,
    uptakes,
    verdict_of,
)
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import shown
from tests.factories import make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def planner() -> User:
    return await make_user(role=Role.PLANNER)


async def publish(
    masterplan: Masterplan, by: User, taken: dict[str, list[tuple[Proposal, str]]]
) -> None:
    """Publish the next version: section title → (proposal, disposition) it takes up."""
    version = await drafts.working_version(masterplan=masterplan, by=by)
    for title, pairs in taken.items():
        section = await drafts.add_section(version=version, title=title, body="Text.", by=by)
        for proposal, disposition in pairs:
            await links.link_proposal(
                section=section, proposal=proposal, disposition=disposition, note="", by=by
            )
    await drafts.publish_version(version=version, by=by)


async def test_before_any_published_version_only_official_decisions_are_verdicts() -> None:
    field = await make_field()
    plain = await make_proposal(field)
    answered = await make_proposal(field, status=ProposalStatus.NOT_ADOPTED)
    assert await verdict_of(plain) is None
    verdict = await verdict_of(answered)
    assert verdict is not None and verdict.uptake is Uptake.NOT_TAKEN_UP and verdict.official


async def test_the_strongest_of_all_linking_sections_decides_and_every_section_is_kept() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    proposal = await make_proposal(field)
    await publish(
        masterplan,
        await planner(),
        {"Netze": [(proposal, "considered")], "Schulen": [(proposal, "partially_adopted")]},
    )
    verdict = await verdict_of(proposal)
    assert verdict is not None and verdict.uptake is Uptake.PARTIALLY_ADOPTED
    assert [(t.section_title, t.disposition) for t in verdict.sections] == [
        ("Netze", "considered"),
        ("Schulen", "partially_adopted"),
    ]
    assert verdict.uptake.taken_up and not verdict.official


async def test_a_proposal_no_section_took_up_is_not_taken_up_unless_it_came_later() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    linked, left_out = await make_proposal(field), await make_proposal(field)
    await publish(masterplan, await planner(), {"Netze": [(linked, "adopted")]})
    later = await make_proposal(field)

    verdict = await verdict_of(left_out)
    assert verdict is not None and verdict.uptake is Uptake.NOT_TAKEN_UP
    assert verdict.version is not None and verdict.version.number == 1
    assert await verdict_of(later) is None  # submitted after the draft: still open


async def test_hidden_merged_withdrawn_and_pending_proposals_have_no_verdict() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    proposals = [
        await make_proposal(field, status=status)
        for status in (ProposalStatus.HIDDEN, ProposalStatus.WITHDRAWN, ProposalStatus.PENDING)
    ]
    await publish(masterplan, await planner(), {"Netze": []})
    for proposal in proposals:
        assert await verdict_of(proposal) is None


async def test_the_counts_are_the_verdicts_of_every_listed_proposal_counted_once() -> None:
    """A mixed masterplan: every listed status, linked or not, before and after version 1,
    in two fields and two groups. The four-query count equals counting verdict by verdict."""
    masterplan = await make_masterplan()
    fields = [await make_field(masterplan), await make_field(masterplan)]
    groups = [StakeholderGroup.CHAMBERS, StakeholderGroup.CITIZENS]
    statuses = [
        ProposalStatus.PUBLISHED,
        ProposalStatus.IN_REVIEW,
        ProposalStatus.ADOPTED,
        ProposalStatus.PARTIALLY_ADOPTED,
        ProposalStatus.NOT_ADOPTED,
        ProposalStatus.HIDDEN,
    ]
    made: list[Proposal] = []
    for field, group, status in itertools.product(fields, groups, statuses):
        made.append(await make_proposal(field, group=group, status=status))
    listed = [p for p in made if p.status is not ProposalStatus.HIDDEN]
    dispositions = itertools.cycle(["adopted", "considered", "partially_adopted"])
    await publish(
        masterplan,
        await planner(),
        {"Eins": [(p, next(dispositions)) for p in listed[::3]], "Zwei": [(listed[0], "adopted")]},
    )
    for field, group, status in itertools.product(fields, groups, statuses[:3]):
        made.append(await make_proposal(field, group=group, status=status))  # after version 1

    counted = await count_uptakes(masterplan.id)
    found = await uptakes(masterplan.id)
    expected, by_field = Tally(), {f.id: Tally() for f in fields}
    for proposal in await Proposal.filter(masterplan_id=masterplan.id):
        verdict = found.of(proposal)
        if proposal.status is ProposalStatus.HIDDEN:
            assert verdict is None
            continue
        uptake = verdict.uptake if verdict else None
        expected.add(uptake)
        by_field[proposal.field_of_action_id].add(uptake)  # type: ignore[attr-defined]
    assert counted.overall == expected
    assert counted.overall.total == len(listed) + 12
    assert {f: counted.by_field[f] for f in by_field} == by_field
    assert sum((t.total for t in counted.by_group.values()), 0) == counted.overall.total
    assert counted.overall.open == 8  # the later ones without an official decision
    assert all(expected.of(u) for u in Uptake)  # the world holds every verdict


async def test_the_count_needs_three_queries_whatever_the_size(count_queries: object) -> None:
    from tests.conftest import QueryCounter

    assert isinstance(count_queries, QueryCounter)
    sizes = []
    for n in (2, 20):
        field = await make_field()
        masterplan = await field.masterplan
        proposals = [await make_proposal(field) for _ in range(n)]
        await publish(masterplan, await planner(), {"A": [(p, "adopted") for p in proposals]})
        count_queries.statements.clear()
        await count_uptakes(masterplan.id)
        sizes.append(count_queries.count)
    assert sizes == [3, 3]


async def test_a_page_shows_the_draft_verdict_instead_of_a_contradicting_status(
    client: httpx.AsyncClient,
) -> None:
    field: FieldOfAction = await make_field()
    masterplan = await field.masterplan
    proposal = await make_proposal(field, title="WLAN in allen Schulen")
    official = await make_proposal(field, status=ProposalStatus.ADOPTED)
    await publish(masterplan, await planner(), {"Netze": [(proposal, "adopted")]})

    verdict = await verdict_of(proposal)
    assert shown_status(proposal, verdict) is Uptake.ADOPTED
    assert shown_status(official, await verdict_of(official)) is ProposalStatus.ADOPTED

    html = (await client.get(f"/proposals/{proposal.id}")).text
    badges = Counter(
        label
        for label in (shown("Published"), shown("Adopted"))
        if f'<span class="kern-label">{label}</span>' in html
    )
    assert badges == Counter({shown("Adopted"): 1})
