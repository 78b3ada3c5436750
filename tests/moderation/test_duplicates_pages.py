"""The duplicates pages as a moderator uses them: the ranked list, the confirmation page,
merging by search, and undoing from the duplicate, the kept proposal and the audit log."""

from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup
from participation.masterplans.models import FieldOfAction
from participation.moderation.models import Merge
from participation.notifications.services import follow
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import post_form, sign_in_as
from tests.conftest import QueryCounter
from tests.factories import (
    add_votes,
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
    make_user,
    make_vote,
)
from tests.moderation.test_merge_carry import _cosign
from tests.moderation.test_merge_refusals import snapshot

pytestmark = pytest.mark.usefixtures("db")

SLUG = "digitale-stadtverwaltung"
LIST = f"/moderation/duplicates?masterplan={SLUG}"


async def _field() -> FieldOfAction:
    return await make_field(await make_masterplan(slug=SLUG, title="Digitale Stadtverwaltung"))


async def _buergerapps(field: FieldOfAction | None = None) -> tuple[Proposal, Proposal]:
    field = field or await _field()
    first = await make_proposal(field, title="Eine BürgerApp für alle städtischen Dienste")
    second = await make_proposal(field, title="BürgerApp für Dortmund: Termine und Anträge")
    await add_votes(first, StakeholderGroup.CITIZENS, 4, 1)
    await add_votes(second, StakeholderGroup.CITIZENS, 2, 0)
    return first, second


def _pairs_in_order(page: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r'id="pair-(\d+)-(\d+)"', page)]


async def test_the_pair_with_the_same_title_comes_first_with_its_similarity_shown(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    first, second = await _buergerapps(field)
    older = await make_proposal(field, title="Digitale Sprechstunde im Bürgeramt")
    newer = await make_proposal(field, title="Digitale Sprechstunde im Bürgeramt")
    await make_proposal(field, title="Mehr Sitzbänke in der Innenstadt")
    await sign_in_as(client, Role.MODERATOR)

    page = (await client.get(LIST)).text

    # Equal supports: the older one is preselected to stay.
    assert _pairs_in_order(page) == [(older.id, newer.id), (first.id, second.id)]
    same = page[page.index(f'id="pair-{older.id}-{newer.id}"') :]
    assert "Gleicher Titel" in same[: same.index("</li>")]
    other = page[page.index(f'id="pair-{first.id}-{second.id}"') :]
    assert re.search(r"Titel zu \d+\s% gleich", other[: other.index("</li>")])
    assert re.search(
        rf'value="{older.id}" id="pair-{older.id}-{newer.id}-keep-{older.id}"[^>]*checked', page
    )
    assert "sonst der mit mehr Unterstützungen, bei gleich vielen der ältere" in page


async def test_the_list_only_leads_to_the_confirmation_page_and_never_merges(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    page = (await client.get(LIST)).text
    form = page[page.rindex("<form", 0, page.index(f'value="{first.id},{second.id}"')) :]
    assert form.startswith('<form method="get" action="/moderation/merge"')
    before = await snapshot()

    confirmation = await client.get(
        f"/moderation/merge?into={first.id}&pair={first.id},{second.id}"
    )
    posted = await post_form(
        client,
        "/moderation/merge",
        {"pair": f"{first.id},{second.id}", "into": str(first.id), "duplicate": str(second.id)},
        token_from=LIST,
    )

    assert confirmation.status_code == 200
    assert "Jetzt zusammenführen" in confirmation.text
    assert posted.status_code == 400
    assert "bitte bestätigen Sie die Zusammenführung" in posted.text.replace("Bitte", "bitte")
    assert await snapshot() == before


async def test_the_confirmation_page_counts_what_will_happen_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    target = await make_proposal(field, title="Radwege im Süden")
    duplicate = await make_proposal(field, title="Radwege am See")
    both_for, both_against = await make_user(), await make_user()
    await make_vote(duplicate, both_for, 1)
    await make_vote(target, both_for, 1)
    await make_vote(duplicate, both_against, -1)
    await make_vote(target, both_against, 1)
    await make_vote(duplicate, await make_user(), 1)
    await make_vote(duplicate, await make_user(), -1)
    await make_vote(target, await make_user(), -1)
    question = await make_comment(duplicate, body="Wer bezahlt das?")
    await make_comment(duplicate, parent=question, body="Das Land.")
    await follow(user=await make_user(), proposal=duplicate)
    await _cosign(duplicate, await make_organization(name="IHK zu Dortmund"))
    await sign_in_as(client, Role.MODERATOR)
    before = await snapshot()

    page = await client.get(f"/moderation/merge?duplicate={duplicate.id}&into={target.id}")

    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert (
        "Stimmen: 1 Unterstützung und 1 Ablehnung von „Radwege am See“ zählen künftig "
        "für „Radwege im Süden“." in text
    )
    assert "2 Personen haben über beide Vorschläge abgestimmt" in text
    assert (
        "„Radwege im Süden“ hat danach 3 Unterstützungen und 2 Ablehnungen (bisher 2 und 1)."
        in text
    )
    assert "IHK zu Dortmund zeichnen künftig auch „Radwege im Süden“ mit." in text
    assert "2 Kommentare ziehen mit ihren Antworten zu „Radwege im Süden“ um." in text
    assert "1 Person, die „Radwege am See“ folgt, folgt danach auch „Radwege im Süden“." in text
    assert "2 Personen, die das Duplikat unterstützen" in text
    assert await snapshot() == before


async def test_confirming_merges_and_the_kept_proposal_page_undoes_it(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    confirm = f"/moderation/merge?pair={first.id},{second.id}"

    merged = await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(second.id), "into": str(first.id), "confirm": "yes", "reason": "Gleich"},
        token_from=confirm,
    )

    assert merged.status_code == 303
    assert merged.headers["location"] == f"/proposals/{first.id}#lineage"
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.MERGED
    assert (await Proposal.get(id=first.id)).supports == 6
    kept_page = (await client.get(f"/proposals/{first.id}")).text
    assert "Die Vorschläge sind zusammengeführt." in kept_page
    lineage = kept_page[kept_page.index('id="lineage"') :]
    merge = await Merge.get(duplicate_id=second.id)
    assert f'action="/moderation/merges/{merge.id}/undo"' in lineage
    assert second.title in lineage

    undone = await post_form(
        client,
        f"/moderation/merges/{merge.id}/undo",
        {"back": "target"},
        token_from=f"/proposals/{first.id}",
    )

    assert undone.status_code == 303
    assert undone.headers["location"] == f"/proposals/{first.id}#lineage"
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED
    assert (await Proposal.get(id=first.id)).supports == 4
    assert 'id="lineage"' not in (await client.get(f"/proposals/{first.id}")).text


async def test_the_duplicate_page_shows_where_it_went_and_undoes_the_merge(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(second.id), "into": str(first.id), "confirm": "yes"},
        token_from=LIST,
    )
    duplicate_page = (await client.get(f"/proposals/{second.id}")).text
    assert first.title in duplicate_page[duplicate_page.index('id="lineage"') :]
    merge = await Merge.get(duplicate_id=second.id)

    undone = await post_form(
        client, f"/moderation/merges/{merge.id}/undo", {}, token_from=f"/proposals/{second.id}"
    )

    assert undone.headers["location"] == f"/proposals/{second.id}#lineage"
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED


async def test_the_audit_log_offers_the_undo_until_the_merge_is_undone(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(second.id), "into": str(first.id), "confirm": "yes"},
        token_from=LIST,
    )
    merge = await Merge.get(duplicate_id=second.id)
    undo_action = f'action="/moderation/merges/{merge.id}/undo"'
    assert undo_action in (await client.get("/moderation/audit")).text

    undone = await post_form(
        client,
        f"/moderation/merges/{merge.id}/undo",
        {"back": "audit"},
        token_from="/moderation/audit",
    )

    assert undone.headers["location"] == "/moderation/audit"
    audit = (await client.get("/moderation/audit")).text
    assert undo_action not in audit
    assert "Die Zusammenführung ist rückgängig gemacht." in audit
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED


async def test_any_two_proposals_can_be_merged_by_searching_for_them(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    cycle = await make_proposal(field, title="Fahrradstraßen in der Innenstadt")
    await make_proposal(field, title="Mehr Sitzbänke in der Innenstadt")
    bike = await make_proposal(field, title="Velorouten quer durch Dortmund")
    await sign_in_as(client, Role.MODERATOR)
    assert (
        f'href="/moderation/merge/pick?first={cycle.id}"'
        in (await client.get(f"/proposals/{cycle.id}")).text
    )

    by_number = (
        await client.get(f"/moderation/merge/pick?masterplan={SLUG}&q=Nr.+{cycle.id}")
    ).text
    assert f'href="/moderation/merge/pick?first={cycle.id}"' in by_number
    by_words = (await client.get(f"/moderation/merge/pick?first={cycle.id}&q=Velorouten")).text
    assert f'href="/moderation/merge?pair={cycle.id},{bike.id}"' in by_words
    confirmation = await client.get(f"/moderation/merge?pair={cycle.id},{bike.id}")
    assert confirmation.status_code == 200
    assert bike.title in confirmation.text and cycle.title in confirmation.text

    merged = await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(bike.id), "into": str(cycle.id), "confirm": "yes"},
        token_from=f"/moderation/merge?pair={cycle.id},{bike.id}",
    )

    assert merged.status_code == 303
    assert (await Proposal.get(id=bike.id)).merged_into_id == cycle.id  # type: ignore[attr-defined]


async def test_a_refused_merge_says_why_on_the_page_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    first, _ = await _buergerapps()
    elsewhere = await make_proposal(title="Eine BürgerApp für alle städtischen Dienste")
    await sign_in_as(client, Role.MODERATOR)
    before = await snapshot()

    itself = await client.get(f"/moderation/merge?duplicate={first.id}&into={first.id}")
    across = await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(elsewhere.id), "into": str(first.id), "confirm": "yes"},
        token_from=LIST,
    )

    assert itself.status_code == 400
    assert "Ein Vorschlag kann nicht mit sich selbst zusammengeführt werden." in itself.text
    assert "Jetzt zusammenführen" not in itself.text
    assert across.status_code == 400
    assert "desselben Masterplans" in across.text
    assert await snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/merge?duplicate=abc&into=1",
        "/moderation/merge?duplicate=1&into=999999",
        "/moderation/merge?pair=1",
        "/moderation/merge?pair=1,2,3",
        "/moderation/merge?pair=1,2&into=3",
        "/moderation/merge?pair=1,12345678901234567890",
        "/moderation/merge/pick?first=nothing",
    ],
)
async def test_forged_or_missing_ids_are_not_found(client: httpx.AsyncClient, path: str) -> None:
    await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    assert (await client.get(path)).status_code == 404


async def test_forged_ids_in_forms_are_not_found(client: httpx.AsyncClient) -> None:
    first, _ = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    merge = await post_form(
        client,
        "/moderation/merge",
        {"duplicate": "999999999", "into": str(first.id), "confirm": "yes"},
        token_from=LIST,
    )
    undo = await post_form(client, "/moderation/merges/999999/undo", {}, token_from=LIST)
    assert (merge.status_code, undo.status_code) == (404, 404)


async def test_the_duplicates_page_reads_as_many_queries_for_few_or_many_proposals(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    field = await _field()
    await _buergerapps(field)
    await sign_in_as(client, Role.MODERATOR)

    async def queries_for_the_page() -> int:
        before = count_queries.count
        assert (await client.get(LIST)).status_code == 200
        return count_queries.count - before

    few = await queries_for_the_page()
    for n in range(15):
        await make_proposal(field, title=f"Digitale Sprechstunde Nummer {n} im Bürgeramt")
    assert await queries_for_the_page() == few
    assert few <= 10


async def test_citizens_can_neither_see_the_pages_nor_merge(client: httpx.AsyncClient) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.CITIZEN)
    assert (await client.get(LIST)).status_code == 403
    assert (await client.get(f"/moderation/merge?pair={first.id},{second.id}")).status_code == 403
    assert (await client.get("/moderation/merge/pick?q=App")).status_code == 403
    response = await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(second.id), "into": str(first.id), "confirm": "yes"},
    )
    assert response.status_code == 403
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED


async def test_a_reason_too_long_comes_back_with_the_input_and_nothing_is_merged(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    reason = "Gleiches Anliegen. " * 120  # 2,280 characters

    response = await post_form(
        client,
        "/moderation/merge",
        {"duplicate": str(second.id), "into": str(first.id), "confirm": "yes", "reason": reason},
        token_from=LIST,
    )

    assert response.status_code == 400
    assert "Der Grund darf höchstens 2000 Zeichen lang sein." in response.text
    assert reason.strip()[:200] in response.text
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED
