"""Fields of action as planners and admins keep them: create, edit, reorder, archive,
restore, delete an empty one, and move a field's proposals in one step."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from markupsafe import escape

from participation.accounts.models import Role, User
from participation.i18n import gettext, language
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation import audit
from participation.moderation.audit_names import names_of
from participation.moderation.models import AuditEntry
from participation.notifications.models import Notification
from participation.planning.models import Project
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import make_person, post_form, shown, sign_in
from tests.bad_input_helpers import inconsistencies
from tests.conftest import QueryCounter
from tests.factories import make_field, make_masterplan, make_proposal
from tests.masterplans.refusals import refused

pytestmark = pytest.mark.usefixtures("db")

MOVED = (
    "The planners filed your proposal “%(title)s” under the field of action “%(field)s” "
    "(%(masterplan)s)."
)


async def planner_of(masterplan: Masterplan, client: httpx.AsyncClient) -> User:
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    return await sign_in(client, planner)


async def titles(masterplan: Masterplan) -> list[str]:
    return [f.title for f in await FieldOfAction.filter(masterplan_id=masterplan.id)]


async def test_a_planner_adds_a_field_last_with_an_address_from_its_title(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    await make_field(masterplan, title="Telemedizin", slug="telemedizin")
    planner = await planner_of(masterplan, client)
    response = await post_form(
        client,
        "/planning/gesundheit/fields",
        {"title": "Digitale Pflege & Gesundheitsämter", "description": "Was *Pflege* braucht."},
    )
    assert response.status_code == 303
    created = await FieldOfAction.get(masterplan_id=masterplan.id, title__startswith="Digitale")
    assert created.slug == "digitale-pflege-gesundheitsaemter"
    assert await titles(masterplan) == ["Telemedizin", "Digitale Pflege & Gesundheitsämter"]
    again = await post_form(
        client, "/planning/gesundheit/fields", {"title": "Telemedizin", "description": ""}
    )
    assert again.status_code == 303
    assert await FieldOfAction.exists(masterplan_id=masterplan.id, slug="telemedizin-2")
    entry = await AuditEntry.filter(action="field.create").first()
    assert entry is not None and entry.actor_id == planner.id  # type: ignore[attr-defined]
    public = (await client.get("/masterplans/gesundheit")).text
    assert "<em>Pflege</em>" in public  # the description renders as Markdown


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", shown("Please enter a title.")),
        (
            "x" * 10_000,
            shown("The title has %(count)s characters; at most %(max)s are possible.")
            % {"count": "10.000", "max": "200"},
        ),
    ],
)
async def test_a_field_without_a_usable_title_is_refused_with_the_input_kept(
    client: httpx.AsyncClient, title: str, message: str
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    await planner_of(masterplan, client)
    data = {"title": title, "description": "Bleibt stehen."}
    page = (await refused(client, "/planning/gesundheit/fields", data)).text
    assert 'id="title-error"' in page and message in page and "Bleibt stehen." in page
    edit_field = await make_field(masterplan, title="Telemedizin")
    data = {"action": "save", "title": title, "description": "Auch hier."}
    page = (await refused(client, f"/planning/gesundheit/fields/{edit_field.id}", data)).text
    assert message in page and "Auch hier." in page and str(escape(title))[:100] in page


async def test_renaming_a_field_keeps_its_address_and_logs_before_and_after(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    field = await make_field(masterplan, title="Telemedizin", slug="telemedizin")
    await planner_of(masterplan, client)
    response = await post_form(
        client,
        f"/planning/gesundheit/fields/{field.id}",
        {"action": "save", "title": "Telemedizin und Videosprechstunde", "description": "Neu"},
    )
    assert response.status_code == 303
    await field.refresh_from_db()
    assert (field.slug, field.title, field.description) == (
        "telemedizin",
        "Telemedizin und Videosprechstunde",
        "Neu",
    )
    entry = await AuditEntry.get(action="field.rename")
    told = audit.tell(entry, await names_of([entry]))
    assert "Telemedizin" in told.sentence and "Videosprechstunde" in told.sentence
    assert await AuditEntry.exists(action="field.edit_description")


async def test_the_order_buttons_move_a_field_up_and_down(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    a, b, c = [await make_field(masterplan, title=t) for t in ("A", "B", "C")]
    await planner_of(masterplan, client)
    page = (await client.get("/planning/gesundheit/fields")).text
    assert page.count('name="action" value="up"') == 2
    assert page.count('name="action" value="down"') == 2
    response = await post_form(client, f"/planning/gesundheit/fields/{c.id}", {"action": "up"})
    assert response.headers["location"].endswith(f"#field-{c.id}")
    assert await titles(masterplan) == ["A", "C", "B"]
    await post_form(client, f"/planning/gesundheit/fields/{a.id}", {"action": "down"})
    assert await titles(masterplan) == ["C", "A", "B"]
    await post_form(client, f"/planning/gesundheit/fields/{c.id}", {"action": "up"})  # first
    assert await titles(masterplan) == ["C", "A", "B"]
    moves = await AuditEntry.filter(action="field.reorder").count()
    assert moves == 2 and b.id


async def test_archiving_a_field_keeps_its_proposals_listed_and_restoring_opens_it(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    field = await make_field(masterplan, title="Telemedizin")
    proposal = await make_proposal(field, title="Videosprechstunde beim Hausarzt")
    await planner_of(masterplan, client)
    await post_form(client, f"/planning/gesundheit/fields/{field.id}", {"action": "archive"})
    await field.refresh_from_db()
    assert field.archived_at is not None
    listing = (await client.get("/masterplans/gesundheit/proposals")).text
    assert proposal.title in listing
    form = (await client.get("/masterplans/gesundheit/proposals/new")).text
    assert f'value="{field.slug}"' not in form
    await refused(client, f"/planning/gesundheit/fields/{field.id}", {"action": "archive"})
    await post_form(client, f"/planning/gesundheit/fields/{field.id}", {"action": "restore"})
    await field.refresh_from_db()
    assert field.archived_at is None
    actions = {e.action for e in await AuditEntry.all()}
    assert {"field.archive", "field.restore"} <= actions


async def test_an_empty_field_is_deleted_after_the_confirmation(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    field = await make_field(masterplan, title="Versehen")
    await planner_of(masterplan, client)
    await refused(client, f"/planning/gesundheit/fields/{field.id}/delete", {})
    response = await post_form(
        client, f"/planning/gesundheit/fields/{field.id}/delete", {"confirm": "on"}
    )
    assert response.status_code == 303
    assert not await FieldOfAction.exists(id=field.id)
    entry = await AuditEntry.get(action="field.delete")
    assert entry.details["name"] == "Versehen"


@pytest.mark.parametrize("holds", ["published", "hidden", "project"])
async def test_a_field_that_holds_proposals_or_projects_cannot_be_deleted(
    client: httpx.AsyncClient, holds: str
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    field = await make_field(masterplan)
    if holds == "project":
        await Project.create(masterplan=masterplan, field_of_action=field, code="G-1", title="P")
    else:
        await make_proposal(field, status=ProposalStatus(holds))
    await planner_of(masterplan, client)
    page = (await client.get(f"/planning/gesundheit/fields/{field.id}/delete")).text
    assert 'name="confirm"' not in page
    await refused(client, f"/planning/gesundheit/fields/{field.id}/delete", {"confirm": "on"})
    assert await FieldOfAction.exists(id=field.id)


async def test_all_proposals_of_a_field_move_at_once_with_counters_audit_and_notices(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="gesundheit", title="Masterplan Gesundheit")
    source = await make_field(masterplan, title="Telemedizin")
    target = await make_field(masterplan, title="Versorgung")
    english = await make_person(language="en")
    german = await make_person(language="de")
    moving = [
        await make_proposal(source, english, title="Video consultations"),
        await make_proposal(source, german, title="Videosprechstunde"),
        await make_proposal(source, german, title="Versteckt", status=ProposalStatus.HIDDEN),
    ]
    planner = await planner_of(masterplan, client)
    page = (await client.get(f"/planning/gesundheit/fields/{source.id}/move")).text
    assert "Versorgung" in page and "Video consultations" in page
    response = await post_form(
        client,
        f"/planning/gesundheit/fields/{source.id}/move",
        {"target": str(target.id), "which": "all"},
    )
    assert response.status_code == 303 and "moved=3" in response.headers["location"]
    assert await Proposal.filter(field_of_action_id=target.id).count() == 3
    await source.refresh_from_db()
    await target.refresh_from_db()
    assert (source.proposal_count, target.proposal_count) == (0, 2)  # the hidden one unlisted
    assert await inconsistencies() == []
    entries = await AuditEntry.filter(action="proposal.move").order_by("target_id")
    assert [e.target_id for e in entries] == [p.id for p in moving]
    assert {e.actor_id for e in entries} == {planner.id}  # type: ignore[attr-defined]
    told = audit.tell(entries[0], await names_of(entries))
    assert "Telemedizin" in told.sentence and "Versorgung" in told.sentence
    notices = {n.proposal_id: n.text for n in await Notification.all()}  # type: ignore[attr-defined]
    for proposal, lang in zip(moving, ("en", "de", "de"), strict=True):
        with language(lang):  # each author reads it in their own language
            expected = gettext(MOVED) % {
                "title": proposal.title,
                "field": "Versorgung",
                "masterplan": "Masterplan Gesundheit",
            }
        assert notices[proposal.id] == expected


async def test_chosen_proposals_move_and_the_rest_stay(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    source, target = await make_field(masterplan), await make_field(masterplan)
    go, stay = await make_proposal(source), await make_proposal(source)
    await planner_of(masterplan, client)
    token_page = f"/planning/gesundheit/fields/{source.id}/move"
    response = await post_form(
        client,
        token_page,
        {"target": str(target.id), "which": "chosen", "proposal": str(go.id)},
    )
    assert response.status_code == 303
    assert await Proposal.filter(field_of_action_id=target.id).values_list("id", flat=True) == [
        go.id
    ]
    assert await Proposal.filter(field_of_action_id=source.id).values_list("id", flat=True) == [
        stay.id
    ]
    assert await inconsistencies() == []


async def test_moving_proposals_into_another_masterplan_is_refused(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    source = await make_field(masterplan)
    await make_field(masterplan)  # a field it could go to
    elsewhere = await make_field(await make_masterplan(slug="bildung"))
    proposal = await make_proposal(source)
    await planner_of(masterplan, client)
    page = (
        await refused(
            client,
            f"/planning/gesundheit/fields/{source.id}/move",
            {"target": str(elsewhere.id), "which": "all"},
        )
    ).text
    message = "Proposals can only be moved to a field of action of the same masterplan."
    assert shown(message) in page and 'id="target-error"' in page
    await proposal.refresh_from_db()
    assert proposal.field_of_action_id == source.id  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", ["same", "archived", "none", "foreign proposal"])
async def test_a_move_without_a_proper_target_or_choice_stores_nothing(
    client: httpx.AsyncClient, target: str
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    source, other = await make_field(masterplan), await make_field(masterplan)
    await make_proposal(source)
    if target == "archived":
        await FieldOfAction.filter(id=other.id).update(archived_at=datetime.now(UTC))
    stranger = await make_proposal(other)
    data = {
        "same": {"target": str(source.id), "which": "all"},
        "archived": {"target": str(other.id), "which": "all"},
        "none": {"target": "", "which": "all"},
        "foreign proposal": {
            "target": str(other.id),
            "which": "chosen",
            "proposal": str(stranger.id),
        },
    }[target]
    await planner_of(masterplan, client)
    await refused(client, f"/planning/gesundheit/fields/{source.id}/move", data)


async def test_the_field_list_reads_a_fixed_number_of_queries(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    await planner_of(masterplan, client)
    counts = []
    for _ in range(2):
        for _ in range(5):
            await make_proposal(await make_field(masterplan))
        await client.get("/planning/gesundheit/fields")
        count_queries.statements.clear()
        await client.get("/planning/gesundheit/fields")
        counts.append(count_queries.count)
    assert counts[0] == counts[1] <= 8


async def test_fields_of_an_archived_masterplan_cannot_change(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    field = await make_field(masterplan)
    await planner_of(masterplan, client)
    await Masterplan.filter(id=masterplan.id).update(archived_at=datetime.now(UTC))
    page = (await client.get("/planning/gesundheit/fields")).text
    assert 'name="action" value="archive"' not in page and 'id="title"' not in page
    await refused(client, "/planning/gesundheit/fields", {"title": "Neu", "description": ""})
    await refused(client, f"/planning/gesundheit/fields/{field.id}", {"action": "archive"})
