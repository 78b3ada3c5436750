from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import httpx
from markupsafe import escape

from participation.accounts.models import Role, User
from participation.i18n import language
from participation.masterplans.models import FieldOfAction, Masterplan, Phase
from participation.moderation.models import AuditEntry
from participation.notifications.models import Notification, NotificationKind
from participation.planning import consultation, drafts, links
from participation.planning.models import (
    Disposition,
    DraftSection,
    DraftVersion,
    InputLink,
    SectionComment,
    SectionCommentStatus,
    VersionStatus,
)
from participation.proposals.models import ProposalStatus
from tests.auth import make_person, post_form, shown, sign_in
from tests.conftest import QueryCounter
from tests.factories import make_field, make_proposal


async def planner_of(masterplan: Masterplan) -> User:
    planner = await make_person(role=Role.PLANNER, display_name="Petra Plan")
    await masterplan.planners.add(planner)
    return planner


async def masterplan_with_field(phase: Phase = Phase.DRAFTING) -> tuple[Masterplan, FieldOfAction]:
    field = await make_field(title="Glasfaserstrategie")
    masterplan = await field.masterplan
    masterplan.phase = phase
    await masterplan.save()
    return masterplan, field


async def publish(
    masterplan: Masterplan, by: User, sections: list[tuple[str, str]], changes: str = ""
) -> tuple[DraftVersion, list[DraftSection]]:
    """A published version whose sections read ``sections`` (title, text) in that order; a
    section whose title is already in the draft keeps its key and gets the new text."""
    version = await drafts.working_version(masterplan=masterplan, by=by)
    existing = {s.title: s for s in await DraftSection.filter(version_id=version.id)}
    made = []
    for title, body in sections:
        if title in existing:
            made.append(
                await drafts.edit_section(
                    section=existing.pop(title), title=title, body=body, by=by
                )
            )
        else:
            made.append(await drafts.add_section(version=version, title=title, body=body, by=by))
    for leftover in existing.values():
        await drafts.remove_section(section=leftover, by=by)
    await drafts.publish_version(version=version, by=by, changes=changes)
    return version, made


def shown_label(disposition: Disposition) -> str:
    """A disposition's label as a German page shows it."""
    with language("de"):
        return str(escape(disposition.label))


def editor(masterplan: Masterplan) -> str:
    return f"/planning/{masterplan.slug}/draft"


def public(masterplan: Masterplan) -> str:
    return f"/masterplans/{masterplan.slug}/draft"


async def titles_in_order(version: DraftVersion) -> list[str]:
    return [s.title for s in await DraftSection.filter(version_id=version.id)]


# The editor


async def test_the_editor_is_for_the_planners_of_the_masterplan_only(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    assert (await client.get(editor(masterplan))).headers["location"].startswith("/account/login")
    other_planner = await make_person(role=Role.PLANNER)
    await sign_in(client, other_planner)
    assert (await client.get(editor(masterplan))).status_code == 403
    assert (await post_form(client, editor(masterplan), {"action": "start"})).status_code == 403
    assert (await client.get("/planning/gibt-es-nicht/draft")).status_code == 404
    assert not await DraftVersion.exists()


async def test_opening_the_editor_never_starts_a_version_but_the_start_button_does(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    await sign_in(client, await planner_of(masterplan))
    page = await client.get(editor(masterplan))
    assert page.status_code == 200
    assert shown("Start the first version of the draft.") in page.text
    assert not await DraftVersion.exists()
    started = await post_form(client, editor(masterplan), {"action": "start"})
    assert started.status_code == 303
    version = await DraftVersion.get(masterplan_id=masterplan.id)
    assert (version.number, version.status) == (1, VersionStatus.WORKING)
    page = await client.get(editor(masterplan))
    assert shown("Working version %(number)s") % {"number": 1} in page.text


async def test_a_planner_adds_edits_moves_and_removes_sections(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, field = await masterplan_with_field()
    planner = await sign_in(client, await planner_of(masterplan))
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    add = f"{editor(masterplan)}/sections"
    for title in ("Ausgangslage", "Glasfaser"):
        response = await post_form(client, add, {"title": title, "body": f"Text zu {title}."})
        assert response.status_code == 303
    first, second = await DraftSection.filter(version_id=version.id)
    response = await post_form(
        client,
        f"{add}/{second.id}",
        {
            "action": "save",
            "title": "Glasfaser für alle",
            "body": "**Alle** Gewerbegebiete.",
            "field_of_action": str(field.id),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"#section-{second.id}")
    await post_form(client, f"{add}/{second.id}", {"action": "up"})
    assert await titles_in_order(version) == ["Glasfaser für alle", "Ausgangslage"]
    await post_form(client, f"{add}/{second.id}", {"action": "down"})
    await post_form(client, f"{add}/{first.id}", {"action": "remove"})
    assert await titles_in_order(version) == ["Glasfaser für alle"]
    stored = await DraftSection.get(id=second.id)
    assert (stored.body, stored.field_of_action_id) == ("**Alle** Gewerbegebiete.", field.id)  # type: ignore[attr-defined]
    page = await client.get(editor(masterplan))
    assert "Glasfaser für alle" in page.text and "Ausgangslage" not in page.text


async def test_a_section_without_a_title_comes_back_with_the_input_and_the_error(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    planner = await sign_in(client, await planner_of(masterplan))
    await drafts.working_version(masterplan=masterplan, by=planner)
    response = await post_form(
        client, f"{editor(masterplan)}/sections", {"title": " ", "body": "Mein langer Text"}
    )
    assert response.status_code == 400
    assert shown("Please give the section a title.") in response.text
    assert 'id="new-title-error"' in response.text
    assert ">Mein langer Text</textarea>" in response.text
    assert not await DraftSection.exists()


async def test_a_section_of_another_masterplan_is_not_found(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    other, _ = await masterplan_with_field()
    planner = await sign_in(client, await planner_of(masterplan))
    foreign_version = await drafts.working_version(masterplan=other, by=planner)
    foreign = await drafts.add_section(version=foreign_version, title="Fremd", body="", by=planner)
    response = await post_form(
        client,
        f"{editor(masterplan)}/sections/{foreign.id}",
        {"action": "save", "title": "Übernommen", "body": ""},
    )
    assert response.status_code == 404
    assert (await DraftSection.get(id=foreign.id)).title == "Fremd"


async def test_a_planner_unlinks_input_from_a_section_in_the_editor(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, field = await masterplan_with_field()
    planner = await sign_in(client, await planner_of(masterplan))
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Glasfaser", body="", by=planner)
    proposal = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    link = await links.link_proposal(
        section=section,
        proposal=proposal,
        disposition="partially_adopted",
        note="Teils.",
        by=planner,
    )
    page = await client.get(editor(masterplan))
    assert "Gigabit für Gewerbegebiete" in page.text
    assert shown_label(Disposition.PARTIALLY_ADOPTED) in page.text
    response = await post_form(
        client,
        f"{editor(masterplan)}/sections/{section.id}",
        {"action": "unlink", "link_id": str(link.id)},
    )
    assert response.status_code == 303
    assert not await InputLink.exists(id=link.id)


async def test_publishing_makes_the_version_public_and_tells_the_authors(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, field = await masterplan_with_field()
    planner = await sign_in(client, await planner_of(masterplan))
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Glasfaser", body="", by=planner)
    author = await make_person()
    proposal = await make_proposal(field, author, title="Gigabit für Gewerbegebiete")
    await links.link_proposal(
        section=section, proposal=proposal, disposition="adopted", note="", by=planner
    )
    response = await post_form(
        client, f"{editor(masterplan)}/publish", {"changes": "Erster Entwurf"}
    )
    assert response.status_code == 303
    stored = await DraftVersion.get(id=version.id)
    assert (stored.status, stored.changes, stored.published_by_id) == (  # type: ignore[attr-defined]
        VersionStatus.PUBLISHED,
        "Erster Entwurf",
        planner.id,
    )
    assert await Notification.exists(
        user_id=author.id, proposal_id=proposal.id, kind=NotificationKind.ADOPTED_INTO_DRAFT
    )
    page = await client.get(editor(masterplan))
    assert f'href="{public(masterplan)}?version=1"' in page.text
    assert shown("Start a new version") in page.text


async def test_an_empty_version_is_not_published(client: httpx.AsyncClient, db: None) -> None:
    masterplan, _ = await masterplan_with_field()
    planner = await sign_in(client, await planner_of(masterplan))
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    response = await post_form(client, f"{editor(masterplan)}/publish", {"changes": "Leer"})
    assert response.status_code == 400
    assert shown("A version needs at least one section.") in response.text
    assert ">Leer</textarea>" in response.text
    assert (await DraftVersion.get(id=version.id)).status == VersionStatus.WORKING


# The public draft


async def test_before_anything_is_published_the_page_says_the_draft_is_being_written(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    planner = await planner_of(masterplan)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    await drafts.add_section(version=version, title="Geheimer Entwurf", body="", by=planner)
    page = await client.get(public(masterplan))
    assert page.status_code == 200
    assert (
        shown(
            "The draft is being written. As soon as the planners publish its first version, "
            "you can read it here and see which proposals it takes up."
        )
        in page.text
    )
    assert "Geheimer Entwurf" not in page.text
    assert (await client.get(f"{public(masterplan)}?version=1")).status_code == 404


async def test_the_public_reads_the_latest_version_with_the_input_each_section_took_up(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, field = await masterplan_with_field()
    planner = await planner_of(masterplan)
    _, (section,) = await publish(
        masterplan, planner, [("Glasfaser", "Zuerst **alle** Gewerbegebiete.")], "Erster Entwurf"
    )
    proposal = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    working = await drafts.working_version(masterplan=masterplan, by=planner)
    (copy,) = await DraftSection.filter(version_id=working.id)
    await links.link_proposal(
        section=copy,
        proposal=proposal,
        disposition="adopted",
        note="Wörtlich übernommen.",
        by=planner,
    )
    await drafts.add_section(version=working, title="Noch nicht öffentlich", body="", by=planner)
    await drafts.publish_version(version=working, by=planner, changes="Beiträge aufgenommen")
    await drafts.working_version(masterplan=masterplan, by=planner)  # version 3, unpublished
    page = await client.get(public(masterplan))
    assert page.status_code == 200
    assert f'id="section-{section.key}"' in page.text
    assert "Zuerst <strong>alle</strong> Gewerbegebiete." in page.text
    assert "Beiträge aufgenommen" in page.text
    assert shown("Input taken up") in page.text
    assert f'href="/proposals/{proposal.id}">Gigabit für Gewerbegebiete</a>' in page.text
    assert shown_label(Disposition.ADOPTED) in page.text and "Wörtlich übernommen." in page.text
    assert shown("Version %(number)s") % {"number": 3} not in page.text


async def test_a_proposal_hidden_or_withdrawn_after_publishing_leaves_the_public_draft(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, field = await masterplan_with_field()
    planner = await planner_of(masterplan)
    kept = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    hidden = await make_proposal(field, title="Beleidigender Titel")
    withdrawn = await make_proposal(field, title="Zurückgezogene Idee")
    working = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=working, title="Glasfaser", body="", by=planner)
    for proposal in (kept, hidden, withdrawn):
        await links.link_proposal(
            section=section, proposal=proposal, disposition="adopted", note="", by=planner
        )
    await drafts.publish_version(version=working, by=planner, changes="Erster Entwurf")
    hidden.status = ProposalStatus.HIDDEN
    withdrawn.status = ProposalStatus.WITHDRAWN
    await hidden.save()
    await withdrawn.save()

    page = (await client.get(public(masterplan))).text
    assert kept.title in page
    assert hidden.title not in page and withdrawn.title not in page


async def test_an_older_version_stays_readable_and_a_working_one_is_never_public(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    planner = await planner_of(masterplan)
    await publish(masterplan, planner, [("Glasfaser", "Bis 2025.")])
    await publish(masterplan, planner, [("Glasfaser", "Bis 2027.")])
    await drafts.working_version(masterplan=masterplan, by=planner)
    older = await client.get(f"{public(masterplan)}?version=1")
    assert older.status_code == 200 and "Bis 2025." in older.text
    assert shown("You are reading an older version of the draft.") in older.text
    assert "Bis 2027." in (await client.get(public(masterplan))).text
    for wrong in ("3", "4", "zwei", ""):
        assert (await client.get(f"{public(masterplan)}?version={wrong}")).status_code == 404


async def test_the_public_page_needs_the_same_queries_for_one_section_or_many(
    client: httpx.AsyncClient, db: None, count_queries: QueryCounter
) -> None:
    async def queries_for(masterplan: Masterplan, field: FieldOfAction, sections: int) -> int:
        planner = await planner_of(masterplan)
        version = await drafts.working_version(masterplan=masterplan, by=planner)
        for n in range(sections):
            section = await drafts.add_section(
                version=version, title=f"Abschnitt {n}", body="Text", by=planner
            )
            for proposal in [await make_proposal(field) for _ in range(2)]:
                await links.link_proposal(
                    section=section,
                    proposal=proposal,
                    disposition="considered",
                    note="",
                    by=planner,
                )
        await drafts.publish_version(version=version, by=planner)
        before = count_queries.count
        assert (await client.get(public(masterplan))).status_code == 200
        return count_queries.count - before

    small = await queries_for(*await masterplan_with_field(Phase.CONSULTATION), sections=1)
    large = await queries_for(*await masterplan_with_field(Phase.CONSULTATION), sections=6)
    assert large == small


# Comparing versions


async def test_the_comparison_marks_inserted_and_deleted_words_and_changed_sections(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, _ = await masterplan_with_field()
    planner = await planner_of(masterplan)
    await publish(
        masterplan, planner, [("Glasfaser", "Alle Gewerbegebiete bis 2025."), ("Alt", "Weg.")]
    )
    await publish(
        masterplan,
        planner,
        [("Glasfaser", "Alle Gewerbegebiete und Schulen bis 2027."), ("Neu", "Dazu.")],
    )
    page = await client.get(f"{public(masterplan)}/compare?from=1&to=2")
    assert page.status_code == 200
    inserted, deleted = shown("inserted:"), shown("deleted:")
    assert f'<ins class="diff-ins"><span class="kern-sr-only">{inserted} </span>und Schulen ' in (
        page.text
    )
    assert f'<del class="diff-del"><span class="kern-sr-only">{deleted} </span>2025.</del>' in (
        page.text
    )
    for badge in ("Section added", "Section removed", "Section changed"):
        assert shown(badge) in page.text
    default = await client.get(f"{public(masterplan)}/compare")
    heading = shown("Version %(old)s compared with version %(new)s") % {"old": 1, "new": 2}
    assert heading in default.text
    assert re.search(r'id="compare-from" name="from">\s*<option value="1" selected>', default.text)


async def test_only_published_versions_can_be_compared(client: httpx.AsyncClient, db: None) -> None:
    masterplan, _ = await masterplan_with_field()
    planner = await planner_of(masterplan)
    await publish(masterplan, planner, [("Glasfaser", "Bis 2025.")])
    alone = await client.get(f"{public(masterplan)}/compare")
    assert shown("Comparing needs at least two published versions of the draft.") in alone.text
    await publish(masterplan, planner, [("Glasfaser", "Bis 2027.")])
    working = await drafts.working_version(masterplan=masterplan, by=planner)
    await drafts.add_section(version=working, title="Geheim", body="Geheim", by=planner)
    response = await client.get(f"{public(masterplan)}/compare?from=2&to=3")
    assert response.status_code == 404
    assert "Geheim" not in response.text


# The consultation


async def consultation_section() -> tuple[Masterplan, DraftSection]:
    masterplan, _ = await masterplan_with_field(Phase.CONSULTATION)
    _, (section,) = await publish(masterplan, await planner_of(masterplan), [("Glasfaser", "")])
    return masterplan, section


def comment_path(masterplan: Masterplan, section: DraftSection) -> str:
    return f"{public(masterplan)}/sections/{section.key}/comments"


async def test_during_the_consultation_a_participant_comments_on_a_section(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, section = await consultation_section()
    await sign_in(client, await make_person(display_name="Clara Citoyen"))
    page = await client.get(public(masterplan))
    assert f'action="{comment_path(masterplan, section)}"' in page.text
    response = await post_form(
        client, comment_path(masterplan, section), {"body": "Bitte auch Schulen."}
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"#comments-{section.key}")
    page = await client.get(public(masterplan))
    assert "Bitte auch Schulen." in page.text and "Clara Citoyen" in page.text


async def test_an_empty_comment_comes_back_with_the_error_next_to_the_field(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, section = await consultation_section()
    await sign_in(client, await make_person())
    response = await post_form(client, comment_path(masterplan, section), {"body": "  "})
    assert response.status_code == 400
    assert f'id="comment-on-{section.key}-error"' in response.text
    assert not await SectionComment.exists()


async def test_a_visitor_is_asked_to_sign_in_before_commenting(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, section = await consultation_section()
    page = await client.get(public(masterplan))
    assert shown("Sign in to comment") in page.text
    assert f'action="{comment_path(masterplan, section)}"' not in page.text
    response = await post_form(client, comment_path(masterplan, section), {"body": "Hallo"})
    assert response.headers["location"].startswith("/account/login")
    assert not await SectionComment.exists()


async def test_outside_the_consultation_the_form_gives_way_to_the_reason(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, section = await consultation_section()
    masterplan.phase = Phase.ADOPTED
    await masterplan.save()
    await sign_in(client, await make_person())
    page = await client.get(public(masterplan))
    assert shown("Comments on the draft are open during the consultation only.") in page.text
    assert f'action="{comment_path(masterplan, section)}"' not in page.text
    response = await post_form(client, comment_path(masterplan, section), {"body": "Zu spät"})
    assert response.status_code == 400
    assert not await SectionComment.exists()


async def test_comments_go_to_the_latest_version_only(client: httpx.AsyncClient, db: None) -> None:
    masterplan, section = await consultation_section()
    await sign_in(client, await make_person())
    planner = await planner_of(masterplan)
    await publish(masterplan, planner, [("Ganz anders", "")])
    response = await post_form(client, comment_path(masterplan, section), {"body": "Hallo"})
    assert response.status_code == 404
    older = await client.get(f"{public(masterplan)}?version=1")
    assert f'action="{comment_path(masterplan, section)}"' not in older.text


async def test_a_moderator_hides_a_section_comment_with_a_reason(
    client: httpx.AsyncClient, db: None
) -> None:
    masterplan, section = await consultation_section()
    comment = await consultation.comment_on_section(
        section=section, masterplan=masterplan, author=await make_person(), body="Werbung!"
    )
    hide = f"/moderation/section-comments/{comment.id}"
    await sign_in(client, await make_person())
    assert (await post_form(client, hide, {"reason": "Werbung"})).status_code == 403
    await sign_in(client, await make_person(role=Role.MODERATOR))
    page = await client.get(public(masterplan))
    assert f'action="{hide}"' in page.text
    refused = await post_form(client, hide, {"reason": " "})
    assert refused.status_code == 400
    assert f'id="hide-reason-{comment.id}-error"' in refused.text
    assert (await SectionComment.get(id=comment.id)).status == SectionCommentStatus.PUBLISHED
    response = await post_form(client, hide, {"reason": "Werbung"})
    assert response.status_code == 303
    stored = await SectionComment.get(id=comment.id)
    assert (stored.status, stored.moderation_reason) == (SectionCommentStatus.HIDDEN, "Werbung")
    assert await AuditEntry.exists(action="section_comment.hide", target_id=comment.id)
    assert "Werbung!" not in (await client.get(public(masterplan))).text
    assert (await post_form(client, "/moderation/section-comments/999999", {})).status_code == 404


class _Structure(HTMLParser):
    """The ids, labels, form fields and headings of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labelled: set[str] = set()
        self.fields: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "label" and values.get("for"):
            self.labelled.add(str(values["for"]))
        if tag in ("input", "textarea", "select") and values.get("type") != "hidden":
            self.fields.append(str(values.get("id")))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def assert_well_formed(html: str) -> None:
    page = _Structure()
    page.feed(html)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert set(page.fields) <= page.labelled, "a field without a label"
    assert page.headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(page.headings)), page.headings


async def test_every_draft_page_has_unique_ids_labelled_fields_and_ordered_headings(
    client: httpx.AsyncClient,
) -> None:
    masterplan, field = await masterplan_with_field(Phase.CONSULTATION)
    planner = await planner_of(masterplan)
    await publish(masterplan, planner, [("Glasfaser", "Bis 2025."), ("Schulen", "WLAN.")])
    _, sections = await publish(masterplan, planner, [("Glasfaser", "Bis 2027.")])
    await consultation.comment_on_section(
        section=sections[0], masterplan=masterplan, author=await make_person(), body="Gut."
    )
    working = await drafts.working_version(masterplan=masterplan, by=planner)
    for section in await DraftSection.filter(version_id=working.id):
        await links.link_proposal(
            section=section,
            proposal=await make_proposal(field),
            disposition="adopted",
            note="",
            by=planner,
        )
    await drafts.add_section(version=working, title="Neu", body="", by=planner)
    await sign_in(client, await make_person(role=Role.ADMIN))
    for path in (editor(masterplan), public(masterplan), f"{public(masterplan)}/compare"):
        response = await client.get(path)
        assert response.status_code == 200
        assert_well_formed(response.text)
