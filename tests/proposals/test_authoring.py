"""Submitting, editing and withdrawing proposals, and the similar proposals shown on the way."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction, Masterplan, Phase
from participation.proposals import attachments, search
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import csrf_token, make_person, post_form, shown, sign_in
from tests.factories import (
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
    make_vote,
)

FILES_AGAIN = shown(
    "Browsers cannot keep chosen files when a form comes back: please choose the files again."
)
FORM = {
    "title": "Gigabit-Anschluss für alle Gewerbegebiete",
    "body": "Jedes Gewerbegebiet bekommt bis 2025 einen **Glasfaseranschluss**.",
    "disclosure": "Die IHK vertritt ihre Mitgliedsunternehmen, die schnelles Netz brauchen.",
}


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "uploads"
    monkeypatch.setattr(attachments, "UPLOAD_DIR", directory)
    return directory


async def _field(phase: Phase = Phase.COLLECTION) -> FieldOfAction:
    masterplan = await make_masterplan(phase=phase)
    return await make_field(masterplan, slug="glasfaser", title="Glasfaserstrategie")


async def _post(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> httpx.Response:
    """A multipart post as the proposal form sends it: with this browser's CSRF token and
    the empty part of a file field left empty."""
    token = await csrf_token(client)
    fields = {**data, "csrf_token": token}
    return await client.post(path, data=fields, files=[("attachments", ("", b"", "text/plain"))])


async def _submit(
    client: httpx.AsyncClient, masterplan: Masterplan, **overrides: str
) -> httpx.Response:
    data = {**FORM, "field_of_action": "glasfaser", **overrides}
    return await _post(client, f"/masterplans/{masterplan.slug}/proposals/new", data)


def _error_of(html: str, name: str) -> str:
    match = re.search(rf'id="{name}-error"[^>]*>(.*?)</p>', html, re.S)
    assert match, f"no error next to {name}"
    return match.group(1)


# Submitting


async def test_a_partner_submits_on_behalf_of_the_organisation_with_a_disclosure(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    ihk = await make_organization(name="IHK zu Dortmund")
    await sign_in(client, await make_person(ihk))
    masterplan = await field.masterplan
    form = (await client.get(f"/masterplans/{masterplan.slug}/proposals/new")).text
    assert 'name="on_behalf"' in form and "IHK zu Dortmund" in form
    response = await _submit(client, masterplan, on_behalf="on")
    assert response.status_code == 303
    proposal = await Proposal.get(title=FORM["title"])
    assert response.headers["location"] == f"/proposals/{proposal.id}"
    assert proposal.stakeholder_group == StakeholderGroup.CHAMBERS
    assert proposal.organization_id == ihk.id  # type: ignore[attr-defined]
    assert proposal.status == ProposalStatus.PUBLISHED
    html = (await client.get(response.headers["location"])).text
    assert "IHK zu Dortmund" in html and FORM["disclosure"] in html
    assert "<strong>Glasfaseranschluss</strong>" in html
    await field.refresh_from_db()
    assert field.proposal_count == 1
    assert await search.matching_ids("Gewerbegebiete") == [proposal.id]


async def test_a_member_submitting_for_themselves_still_counts_in_the_group(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    await sign_in(client, await make_person(await make_organization()))
    assert (await _submit(client, await field.masterplan)).status_code == 303
    proposal = await Proposal.get(title=FORM["title"])
    assert proposal.organization_id is None  # type: ignore[attr-defined]
    assert proposal.stakeholder_group == StakeholderGroup.CHAMBERS


async def test_a_citizen_sees_no_organisation_choice_and_counts_as_citizen(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    await sign_in(client, await make_person())
    masterplan = await field.masterplan
    form = (await client.get(f"/masterplans/{masterplan.slug}/proposals/new")).text
    assert 'name="on_behalf"' not in form
    response = await _submit(client, masterplan, on_behalf="on")
    assert response.status_code == 400
    refusal = shown("Only confirmed members of an organisation can submit on its behalf.")
    assert refusal in _error_of(response.text, "on_behalf")
    assert (await _submit(client, masterplan)).status_code == 303
    proposal = await Proposal.get(title=FORM["title"])
    assert proposal.stakeholder_group == StakeholderGroup.CITIZENS


async def test_submitting_in_the_evaluation_phase_is_refused_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    field = await _field(Phase.EVALUATION)
    await sign_in(client, await make_person())
    masterplan = await field.masterplan
    reason = shown(
        "The collection phase has ended: no new proposals or changes, but comments and votes "
        "stay open until the evaluation ends."
    )
    page = await client.get(f"/masterplans/{masterplan.slug}/proposals/new")
    assert page.status_code == 403 and reason in page.text
    assert 'class="site-header"' in page.text and 'name="title"' not in page.text
    response = await _submit(client, masterplan)
    assert response.status_code == 403 and reason in response.text
    assert await Proposal.all().count() == 0


async def test_a_visitor_is_sent_to_sign_in_first(client: httpx.AsyncClient) -> None:
    masterplan = await (await _field()).masterplan
    response = await client.get(f"/masterplans/{masterplan.slug}/proposals/new")
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/account/login?next=%2Fmasterplans%2F{masterplan.slug}%2Fproposals%2Fnew"
    )


async def test_the_field_of_action_can_be_chosen_by_link(client: httpx.AsyncClient) -> None:
    field = await _field()
    await sign_in(client, await make_person())
    slug = (await field.masterplan).slug
    html = (await client.get(f"/masterplans/{slug}/proposals/new?field=glasfaser")).text
    assert 'value="glasfaser" selected' in html


async def test_errors_are_shown_next_to_their_fields_and_every_input_is_kept(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    await sign_in(client, await make_person(await make_organization()))
    masterplan = await field.masterplan
    long_body = "Sehr ausführlich. " * 1200  # over 20,000 characters
    response = await _submit(
        client, masterplan, title="", body=long_body, on_behalf="on", field_of_action=""
    )
    assert response.status_code == 400
    html = response.text
    assert _error_of(html, "title") and _error_of(html, "field_of_action")
    assert "20.000" in _error_of(html, "body")
    assert long_body.strip() in html  # the whole text, not cut at the limit
    assert FORM["disclosure"] in html
    assert re.search(r'id="on_behalf" name="on_behalf" type="checkbox" checked', html)
    assert 'aria-describedby="title-error title-hint"' in html
    assert FILES_AGAIN in html
    fixed = await _submit(client, masterplan, on_behalf="on")
    assert fixed.status_code == 303


async def test_markup_in_title_and_text_is_shown_as_text(client: httpx.AsyncClient) -> None:
    field = await _field()
    await sign_in(client, await make_person())
    response = await _submit(
        client,
        await field.masterplan,
        title="<script>alert(1)</script> Offenes WLAN",
        body='<img src=x onerror="alert(2)"> [Link](javascript:alert(3)) *gern*',
        disclosure="<b>fett</b>",
    )
    assert response.status_code == 303
    html = (await client.get(response.headers["location"])).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and 'href="javascript:' not in html
    assert "<b>fett</b>" not in html and "&lt;b&gt;fett&lt;/b&gt;" in html
    assert "<em>gern</em>" in html


# Similar proposals


async def test_the_similar_fragment_lists_listed_proposals_of_this_masterplan_only(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    masterplan = await field.masterplan
    existing = await make_proposal(field, title="Glasfaser für alle Gewerbegebiete")
    await make_vote(existing)
    await make_proposal(
        await make_field(await make_masterplan()), title="Glasfaser in Gewerbegebieten"
    )
    await make_proposal(
        field, title="Gewerbegebiete zurückgezogen", status=ProposalStatus.WITHDRAWN
    )
    await make_proposal(field, title="Offenes WLAN in der Stadtbahn")
    response = await client.get(
        f"/masterplans/{masterplan.slug}/proposals/similar",
        params={"title": "Gigabit für Gewerbegebiete"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html
    links = re.findall(r'<a class="kern-link" href="(/proposals/\d+)"[^>]*>([^<]+)</a>', html)
    assert links == [(f"/proposals/{existing.id}", "Glasfaser für alle Gewerbegebiete")]
    assert "(1 " in html  # its support count
    assert (
        shown(
            "These proposals sound similar. If one of them says what you mean, support it "
            "instead of writing a duplicate: many supports for one proposal weigh more than "
            "the same idea split in two. The links open in a new tab, so your text stays here."
        )
        in html
    )


async def test_the_similar_fragment_is_empty_without_shared_words(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    await make_proposal(field, title="Glasfaser für alle Gewerbegebiete")
    slug = (await field.masterplan).slug
    response = await client.get(f"/masterplans/{slug}/proposals/similar?title=und+oder")
    assert response.status_code == 200 and "kern-link" not in response.text


async def test_the_title_field_asks_for_similar_proposals_while_typing(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    await sign_in(client, await make_person())
    slug = (await field.masterplan).slug
    html = (await client.get(f"/masterplans/{slug}/proposals/new")).text
    assert f'data-hx-get="/masterplans/{slug}/proposals/similar"' in html
    assert 'data-hx-trigger="input changed delay:400ms"' in html
    assert 'data-hx-target="#similar-proposals"' in html
    assert '<div id="similar-proposals" aria-live="polite">' in html


async def test_without_javascript_similar_proposals_are_shown_once_before_posting(
    client: httpx.AsyncClient,
) -> None:
    field = await _field()
    masterplan = await field.masterplan
    existing = await make_proposal(field, title="Glasfaser für alle Gewerbegebiete")
    await sign_in(client, await make_person())
    first = await _submit(client, masterplan)
    assert first.status_code == 200
    html = first.text
    assert await Proposal.all().count() == 1
    form = html[html.index('enctype="multipart/form-data"') :]
    assert form.index(f'href="/proposals/{existing.id}"') < form.index('type="submit"')
    assert '<input type="hidden" name="similar_seen" value="1">' in html
    assert f'value="{FORM["title"]}"' in html and FORM["body"] in html
    second = await _submit(client, masterplan, similar_seen="1")
    assert second.status_code == 303
    assert await Proposal.filter(title=FORM["title"]).count() == 1


# Editing


async def _own_proposal(client: httpx.AsyncClient) -> Proposal:
    field = await _field()
    author = await sign_in(client, await make_person())
    return await make_proposal(field, author, title="Offenes WLAN an Schulen")


async def test_the_author_edits_before_any_vote_and_search_finds_the_new_title(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _own_proposal(client)
    old_field = await proposal.field_of_action
    masterplan = await proposal.masterplan
    other = await make_field(masterplan, slug="schulen", title="Digitale Schulen")
    detail = (await client.get(f"/proposals/{proposal.id}")).text
    assert f'href="/proposals/{proposal.id}/edit"' in detail
    form = await client.get(f"/proposals/{proposal.id}/edit")
    assert form.status_code == 200 and 'value="Offenes WLAN an Schulen"' in form.text
    data = {
        "title": "Glasfaseranschluss für jede Schule",
        "body": "Neuer Text.",
        "field_of_action": "schulen",
        "disclosure": "",
    }
    response = await post_form(client, f"/proposals/{proposal.id}/edit", data)
    assert response.status_code == 303
    await proposal.refresh_from_db()
    assert proposal.title == data["title"] and proposal.edited_at is not None
    assert proposal.field_of_action_id == other.id  # type: ignore[attr-defined]
    assert await search.matching_ids("Glasfaseranschluss Schule") == [proposal.id]
    assert await search.matching_ids("WLAN") == []
    await old_field.refresh_from_db()
    await other.refresh_from_db()
    assert (old_field.proposal_count, other.proposal_count) == (0, 1)


async def test_an_edit_with_errors_keeps_the_input(client: httpx.AsyncClient) -> None:
    proposal = await _own_proposal(client)
    data = {"title": "x" * 201, "body": "Neuer Text.", "field_of_action": "glasfaser"}
    response = await post_form(client, f"/proposals/{proposal.id}/edit", data)
    assert response.status_code == 400
    assert "200" in _error_of(response.text, "title") and "Neuer Text." in response.text
    await proposal.refresh_from_db()
    assert proposal.title == "Offenes WLAN an Schulen" and proposal.edited_at is None


@pytest.mark.parametrize("reaction", ["vote", "comment"])
async def test_editing_is_refused_after_the_first_vote_or_comment(
    client: httpx.AsyncClient, reaction: str
) -> None:
    proposal = await _own_proposal(client)
    if reaction == "vote":
        await make_vote(proposal)
    else:
        await make_comment(proposal)
    reason = shown(
        "A proposal cannot be changed once it has votes or comments: they refer to what it "
        "says now."
    )
    detail = (await client.get(f"/proposals/{proposal.id}")).text
    assert f'href="/proposals/{proposal.id}/edit"' not in detail and reason in detail
    page = await client.get(f"/proposals/{proposal.id}/edit")
    assert page.status_code == 403 and reason in page.text
    data = {"title": "Geändert", "body": "Geändert.", "field_of_action": "glasfaser"}
    assert (await post_form(client, f"/proposals/{proposal.id}/edit", data)).status_code == 403
    await proposal.refresh_from_db()
    assert proposal.title == "Offenes WLAN an Schulen"


async def test_only_the_author_may_edit(client: httpx.AsyncClient) -> None:
    proposal = await _own_proposal(client)
    client.cookies.clear()
    await sign_in(client, await make_person())
    assert (
        f"/proposals/{proposal.id}/edit" not in (await client.get(f"/proposals/{proposal.id}")).text
    )
    page = await client.get(f"/proposals/{proposal.id}/edit")
    assert page.status_code == 403
    assert shown("Only the author can change a proposal.") in page.text


# Withdrawing


async def test_withdrawing_hides_the_proposal_from_others_and_lowers_the_count(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _own_proposal(client)
    field = await proposal.field_of_action
    slug = (await proposal.masterplan).slug
    await field.refresh_from_db()
    assert field.proposal_count == 1
    response = await post_form(client, f"/proposals/{proposal.id}/withdraw", {"confirm": "1"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/proposals/{proposal.id}"
    await proposal.refresh_from_db()
    await field.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN and field.proposal_count == 0
    own_view = await client.get(f"/proposals/{proposal.id}")
    assert own_view.status_code == 200 and 'name="confirm"' not in own_view.text
    assert (
        "Offenes WLAN an Schulen" not in (await client.get(f"/masterplans/{slug}/proposals")).text
    )
    client.cookies.clear()
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 404
    await sign_in(client, await make_person())
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 404


async def test_withdrawing_needs_the_ticked_confirmation(client: httpx.AsyncClient) -> None:
    proposal = await _own_proposal(client)
    detail = (await client.get(f"/proposals/{proposal.id}")).text
    assert f'action="/proposals/{proposal.id}/withdraw"' in detail and 'name="confirm"' in detail
    response = await post_form(client, f"/proposals/{proposal.id}/withdraw", {})
    assert response.status_code == 400
    assert _error_of(response.text, "confirm-withdraw")
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED


async def test_only_the_author_may_withdraw(client: httpx.AsyncClient) -> None:
    proposal = await _own_proposal(client)
    client.cookies.clear()
    await sign_in(client, await make_person())
    assert 'name="confirm"' not in (await client.get(f"/proposals/{proposal.id}")).text
    response = await post_form(client, f"/proposals/{proposal.id}/withdraw", {"confirm": "1"})
    assert response.status_code == 403
    assert shown("Only the author can withdraw a proposal.") in response.text
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED
