from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction
from participation.moderation.duplicates_finder import find_proposals, likely_duplicates
from participation.moderation.merge_preview import kept_of
from participation.moderation.similarity import title_similarity
from participation.proposals.models import Proposal, ProposalStatus
from tests.factories import add_votes, make_field, make_proposal

pytestmark = pytest.mark.usefixtures("db")

# Ten proposals as a masterplan collects them: three pairs that belong together (the same
# title, nearly the same title, the same idea in other words) among unrelated ones.
PROPOSALS = [
    (
        "wlan",
        "Kostenloses WLAN in allen Stadtbibliotheken",
        "Die Stadtbibliotheken sollen freies WLAN für alle Besucherinnen und Besucher anbieten.",
    ),
    (
        "radweg",
        "Radwege am Phoenix-See ausbauen",
        "Der Radweg rund um den Phoenix-See ist zu schmal; er sollte verbreitert werden.",
    ),
    (
        "app",
        "Eine BürgerApp für alle städtischen Dienste",
        "Termine im Bürgerbüro, Anträge und Mängelmeldungen in einer App der Stadt Dortmund.",
    ),
    (
        "glasfaser",
        "Glasfaser für alle Gewerbegebiete",
        "Jedes Gewerbegebiet braucht einen Gigabit-Anschluss bis 2028.",
    ),
    (
        "baenke",
        "Mehr Sitzbänke in der Innenstadt",
        "Ältere Menschen brauchen in der City mehr Gelegenheiten zum Ausruhen.",
    ),
    (
        "sprechstunde",
        "Digitale Sprechstunde im Bürgeramt",
        "Beratung per Video, damit niemand für eine Frage ins Amt fahren muss.",
    ),
    (
        "schulen",
        "Lernplattform für alle Schulen",
        "Eine datenschutzkonforme Lernplattform für Unterricht und Hausaufgaben.",
    ),
    (
        "wlan-again",
        "Kostenloses WLAN in allen Stadtbibliotheken",
        "Bitte in jeder Zweigstelle ein offenes Netz einrichten, auch in den Stadtteilen.",
    ),
    (
        "radweg-again",
        "Radwege am Phoenix-See endlich ausbauen",
        "Am Phoenix-See wird es auf dem Radweg eng; bitte breiter bauen.",
    ),
    (
        "app-again",
        "BürgerApp für Dortmund: Termine und Anträge in einer App",
        "Eine App für alle Anliegen: Termine buchen, Anträge stellen, Mängel melden.",
    ),
]


async def _collection(field: FieldOfAction) -> dict[str, Proposal]:
    return {
        key: await make_proposal(field, title=title, body=body) for key, title, body in PROPOSALS
    }


async def test_identical_then_near_identical_titles_come_first_then_the_same_idea() -> None:
    field = await make_field()
    made = await _collection(field)
    await make_proposal(title=PROPOSALS[0][1], body=PROPOSALS[0][2])  # another masterplan

    pairs = await likely_duplicates(await field.masterplan)

    found = [{pair.keep.id, pair.duplicate.id} for pair in pairs]
    assert found[:3] == [
        {made["wlan"].id, made["wlan-again"].id},
        {made["radweg"].id, made["radweg-again"].id},
        {made["app"].id, made["app-again"].id},
    ]
    assert all(pair.likeness.score < pairs[2].likeness.score for pair in pairs[3:])
    same, near, idea = (pair.likeness for pair in pairs[:3])
    assert (same.same_title, same.title_percent) == (True, 100)
    assert not near.same_title and 60 <= near.title_percent <= 99
    assert idea.text_percent > 0


async def test_the_shown_title_similarity_is_pg_trgms_on_both_databases() -> None:
    field = await make_field()
    first = await make_proposal(field, title="Radwege am Phoenix-See ausbauen")
    second = await make_proposal(field, title="Radwege am Phoenix-See endlich ausbauen")

    (pair,) = await likely_duplicates(await field.masterplan)

    assert pair.likeness.title == pytest.approx(title_similarity(first.title, second.title))
    assert pair.likeness.title_percent == round(100 * title_similarity(first.title, second.title))


async def test_hidden_merged_and_pending_proposals_are_never_paired() -> None:
    field = await make_field()
    await make_proposal(field, title="Kostenloses WLAN in allen Stadtbibliotheken")
    for status in (ProposalStatus.HIDDEN, ProposalStatus.PENDING, ProposalStatus.WITHDRAWN):
        await make_proposal(
            field, title="Kostenloses WLAN in allen Stadtbibliotheken", status=status
        )

    assert await likely_duplicates(await field.masterplan) == []


async def test_the_pair_preselects_the_proposal_with_more_supports_to_stay() -> None:
    field = await make_field()
    older = await make_proposal(field, title="Kostenloses WLAN in allen Stadtbibliotheken")
    newer = await make_proposal(field, title="Kostenloses WLAN in allen Stadtbibliotheken")
    await add_votes(newer, StakeholderGroup.CITIZENS, 3, 0)

    (pair,) = await likely_duplicates(await field.masterplan)

    assert (pair.keep.id, pair.duplicate.id) == (newer.id, older.id)


def _proposal(pk: int, supports: int, days_old: int, status: ProposalStatus) -> Proposal:
    created = datetime(2026, 11, 30, tzinfo=UTC) - timedelta(days=days_old)
    return Proposal(id=pk, supports=supports, created_at=created, status=status)


def test_the_answered_proposal_stays_whatever_the_supports() -> None:
    answered = _proposal(1, 2, 1, ProposalStatus.IN_REVIEW)
    popular = _proposal(2, 90, 30, ProposalStatus.PUBLISHED)
    assert kept_of(popular, answered) is answered
    assert kept_of(answered, popular) is answered


def test_more_supports_stay_and_on_a_tie_the_older_one() -> None:
    published = ProposalStatus.PUBLISHED
    few_old, many_new = _proposal(1, 2, 30, published), _proposal(2, 5, 1, published)
    assert kept_of(few_old, many_new) is many_new
    old, new = _proposal(3, 4, 30, published), _proposal(4, 4, 1, published)
    assert kept_of(new, old) is old
    assert kept_of(old, new) is old


async def test_a_proposal_is_found_by_its_number_or_by_words_within_the_masterplan() -> None:
    field = await make_field()
    made = await _collection(field)
    masterplan = await field.masterplan
    elsewhere = await make_proposal(title="Radwege im Hafen ausbauen")

    by_number = await find_proposals(f"#{made['app'].id}", masterplan=masterplan)
    by_words = await find_proposals("Radwege ausbauen", masterplan=masterplan)
    excluded = await find_proposals("Radwege", masterplan=masterplan, exclude=made["radweg"].id)
    other_plan = await find_proposals(str(elsewhere.id), masterplan=masterplan)

    assert [p.id for p in by_number] == [made["app"].id]
    assert {p.id for p in by_words} == {made["radweg"].id, made["radweg-again"].id}
    assert [p.id for p in excluded] == [made["radweg-again"].id]
    assert other_plan == []
