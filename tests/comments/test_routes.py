from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from participation.comments.models import Comment, CommentStatus
from participation.masterplans.models import FieldOfAction, Phase
from participation.proposals.models import Proposal
from tests.auth import make_person, post_form, shown, sign_in
from tests.comments.helpers import comment_html, fragment_root, htmx_post
from tests.conftest import QueryCounter
from tests.factories import (
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
)


async def _signed_in_on_a_proposal(
    client: httpx.AsyncClient, field_of_action: FieldOfAction | None = None
) -> tuple[Proposal, str]:
    await sign_in(client, await make_person(display_name="Claudia Rensing"))
    made = await make_proposal(field_of_action)
    return made, f"/proposals/{made.id}"


async def _comment_count(proposal: Proposal) -> int:
    await proposal.refresh_from_db(fields=["comment_count"])
    return proposal.comment_count


async def test_comment_posted_as_a_form_redirects_to_it_and_shows_on_the_page(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    response = await post_form(client, f"{page}/comments", {"body": "Gute Idee."}, token_from=page)
    comment = await Comment.get(proposal_id=proposal.id)
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}?comment={comment.id}#comment-{comment.id}"
    html = (await client.get(page)).text
    assert "Gute Idee." in comment_html(html, comment.id)
    assert "Claudia Rensing" in comment_html(html, comment.id)
    assert await _comment_count(proposal) == 1


async def test_comment_posted_with_htmx_returns_just_the_thread_with_the_new_comment(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    response = await htmx_post(
        client, f"{page}/comments", {"body": "Mit htmx geschrieben."}, token_from=page
    )
    comment = await Comment.get(proposal_id=proposal.id)
    assert response.status_code == 200
    assert fragment_root(response.text).startswith('<section id="comments"')
    assert "<html" not in response.text and 'id="follow-box"' not in response.text
    new = comment_html(response.text, comment.id)
    assert "Mit htmx geschrieben." in new and 'tabindex="-1" autofocus' in new
    assert shown("Your comment is published.", "de") in response.text
    assert shown("%(num)s comment", "de").replace("%(num)s", "1") in response.text


async def test_reply_posted_as_a_form_shows_under_its_parent(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    question = await make_comment(proposal, body="Was kostet das?")
    response = await post_form(
        client,
        f"{page}/comments",
        {"body": "Rund 40 Mio. Euro.", "parent_id": str(question.id)},
        token_from=page,
    )
    reply = await Comment.get(parent_id=question.id)
    assert response.headers["location"] == f"{page}?comment={reply.id}#comment-{reply.id}"
    assert reply.depth == 2
    parent_html = (await client.get(page)).text.split(f'id="comment-{question.id}"', 1)[1]
    assert f'id="comment-{reply.id}"' in parent_html
    assert await _comment_count(proposal) == 2


async def test_replies_go_three_levels_deep_and_a_fourth_is_refused(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    parent: Comment | None = None
    for level in (1, 2, 3):
        data = {"body": f"Ebene {level}"}
        if parent is not None:
            data["parent_id"] = str(parent.id)
        response = await htmx_post(client, f"{page}/comments", data, token_from=page)
        assert response.status_code == 200
        parent = await Comment.get(body=f"Ebene {level}")
        assert parent.depth == level
    assert parent is not None
    refused = await post_form(
        client,
        f"{page}/comments",
        {"body": "Ebene 4", "parent_id": str(parent.id)},
        token_from=page,
    )
    assert refused.status_code == 403
    assert (
        shown("Replies go at most three levels deep: please answer the comment above instead.")
        in refused.text
    )
    assert not await Comment.exists(body="Ebene 4")
    assert await _comment_count(proposal) == 3


async def test_the_deepest_comment_offers_no_reply_form(client: httpx.AsyncClient) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    first = await make_comment(proposal)
    second = await make_comment(proposal, parent=first)
    third = await make_comment(proposal, parent=second)
    html = (await client.get(page)).text
    assert f'id="reply-{first.id}"' in html and f'id="reply-{second.id}"' in html
    assert f'id="reply-{third.id}"' not in html
    assert f'for="reply-{first.id}"' in html  # each reply field has its own label


async def test_comment_in_the_drafting_phase_is_refused_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(await make_masterplan(phase=Phase.DRAFTING))
    proposal, page = await _signed_in_on_a_proposal(client, field)
    reason = shown(
        "The planners are writing the draft; participation is closed until the draft is "
        "published for consultation."
    )
    page_html = (await client.get(page)).text
    assert reason in page_html and 'id="comment-body"' not in page_html
    plain = await post_form(client, f"{page}/comments", {"body": "Zu spät."}, token_from=page)
    assert plain.status_code == 403 and reason in plain.text and "<html" in plain.text
    htmx = await htmx_post(client, f"{page}/comments", {"body": "Zu spät."}, token_from=page)
    assert htmx.status_code == 200  # htmx 2 swaps only 2xx: the refusal comes as a fragment
    assert fragment_root(htmx.text).startswith('<section id="comments"') and reason in htmx.text
    assert await Comment.filter(proposal_id=proposal.id).count() == 0


async def test_anonymous_comment_is_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    page = f"/proposals/{proposal.id}"
    html = (await client.get(page)).text
    assert shown("Sign in to comment") in html and 'id="comment-body"' not in html
    response = await post_form(client, f"{page}/comments", {"body": "Anonym."})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/login")
    assert not await Comment.exists(body="Anonym.")


async def test_markup_in_a_comment_is_shown_as_text_in_paragraphs(
    client: httpx.AsyncClient,
) -> None:
    _, page = await _signed_in_on_a_proposal(client)
    body = "<script>alert(1)</script>\n\n<b>fett</b> & gut"
    await post_form(client, f"{page}/comments", {"body": body}, token_from=page)
    html = (await client.get(page)).text
    assert "<script>alert(1)" not in html and "<b>fett</b>" not in html
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<p>&lt;b&gt;fett&lt;/b&gt; &amp; gut</p>" in html


async def test_empty_comment_comes_back_with_the_error_next_to_the_field(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    plain = await post_form(client, f"{page}/comments", {"body": "   "}, token_from=page)
    assert plain.status_code == 400
    assert 'id="comment-body-error"' in plain.text and shown("Please write your comment.") in (
        plain.text
    )
    htmx = await htmx_post(client, f"{page}/comments", {"body": ""}, token_from=page)
    assert htmx.status_code == 200 and 'aria-invalid="true" autofocus' in htmx.text
    assert await Comment.filter(proposal_id=proposal.id).count() == 0


async def test_too_long_reply_comes_back_with_its_text_in_its_own_open_form(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    parent = await make_comment(proposal)
    too_long = "x" * 5_001
    response = await post_form(
        client,
        f"{page}/comments",
        {"body": too_long, "parent_id": str(parent.id)},
        token_from=page,
    )
    assert response.status_code == 400
    assert f'id="reply-{parent.id}-error"' in response.text
    assert f">{too_long}</textarea>" in response.text
    assert '<details class="comment__reply" open>' in response.text
    assert await Comment.filter(proposal_id=proposal.id).count() == 1


async def test_five_thousand_characters_with_line_breaks_are_accepted(
    client: httpx.AsyncClient,
) -> None:
    _, page = await _signed_in_on_a_proposal(client)
    body = ("x" * 99 + "\r\n") * 50  # 5,000 characters as the browser counts them
    response = await post_form(client, f"{page}/comments", {"body": body}, token_from=page)
    assert response.status_code == 303
    assert len((await Comment.get()).body) == 4_999  # trimmed, line breaks stored as LF


async def test_reply_to_a_comment_of_another_proposal_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    _, page = await _signed_in_on_a_proposal(client)
    elsewhere = await make_comment(await make_proposal())
    for parent_id in (str(elsewhere.id), "abc"):
        response = await post_form(
            client, f"{page}/comments", {"body": "Hallo", "parent_id": parent_id}, token_from=page
        )
        assert response.status_code == 404


async def test_partner_comment_is_shown_in_the_name_of_the_organisation(
    client: httpx.AsyncClient,
) -> None:
    ihk = await make_organization(name="IHK zu Dortmund")
    await sign_in(client, await make_person(ihk, display_name="Claudia Rensing"))
    proposal = await make_proposal()
    page = f"/proposals/{proposal.id}"
    await post_form(client, f"{page}/comments", {"body": "Wir unterstützen das."}, token_from=page)
    comment = await Comment.get(proposal_id=proposal.id)
    assert comment.organization_id == ihk.id  # type: ignore[attr-defined]
    assert "IHK zu Dortmund" in comment_html((await client.get(page)).text, comment.id)


async def test_author_changes_a_comment_within_fifteen_minutes_and_it_shows_as_edited(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    await post_form(client, f"{page}/comments", {"body": "Tippfeler."}, token_from=page)
    comment = await Comment.get(proposal_id=proposal.id)
    edit = f"/comments/{comment.id}/edit"
    assert f'href="{edit}"' in (await client.get(page)).text
    form = await client.get(edit)
    assert form.status_code == 200 and ">Tippfeler.</textarea>" in form.text
    response = await post_form(client, edit, {"body": "Tippfehler."}, token_from=edit)
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}?comment={comment.id}#comment-{comment.id}"
    await comment.refresh_from_db()
    assert comment.body == "Tippfehler." and comment.edited_at is not None
    shown_comment = comment_html((await client.get(page)).text, comment.id)
    assert "Tippfehler." in shown_comment and shown("edited") in shown_comment
    assert await _comment_count(proposal) == 1


async def test_change_after_fifteen_minutes_is_refused(client: httpx.AsyncClient) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    await post_form(client, f"{page}/comments", {"body": "Alt."}, token_from=page)
    comment = await Comment.get(proposal_id=proposal.id)
    await Comment.filter(id=comment.id).update(created_at=datetime.now(UTC) - timedelta(minutes=16))
    edit = f"/comments/{comment.id}/edit"
    assert f'href="{edit}"' not in (await client.get(page)).text
    reason = shown("A comment can only be changed within 15 minutes of posting it.")
    page_response = await client.get(edit)
    assert page_response.status_code == 403 and reason in page_response.text
    response = await post_form(client, edit, {"body": "Neu."}, token_from=page)
    assert response.status_code == 403
    await comment.refresh_from_db()
    assert comment.body == "Alt." and comment.edited_at is None


async def test_someone_else_cannot_change_or_delete_a_comment(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    comment = await make_comment(proposal, body="Von jemand anderem.")
    html = (await client.get(page)).text
    assert f"/comments/{comment.id}/edit" not in html
    assert f"/comments/{comment.id}/delete" not in html
    edit = await post_form(client, f"/comments/{comment.id}/edit", {"body": "X"}, token_from=page)
    delete = await post_form(client, f"/comments/{comment.id}/delete", token_from=page)
    assert edit.status_code == delete.status_code == 403
    await comment.refresh_from_db()
    assert comment.body == "Von jemand anderem." and comment.status == CommentStatus.PUBLISHED


async def test_deleted_comment_keeps_its_place_and_its_replies(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    await post_form(client, f"{page}/comments", {"body": "Bald weg."}, token_from=page)
    comment = await Comment.get(proposal_id=proposal.id)
    reply = await make_comment(proposal, parent=comment, body="Eine Antwort darauf.")
    response = await post_form(client, f"/comments/{comment.id}/delete", token_from=page)
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}?comment={comment.id}#comment-{comment.id}"
    html = (await client.get(page)).text
    placeholder = comment_html(html, comment.id)
    assert shown("This comment was deleted by its author.") in placeholder
    assert "Bald weg." not in html and "Claudia Rensing" not in placeholder
    assert "Eine Antwort darauf." in comment_html(html, reply.id)
    await comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED and comment.body == ""
    assert await _comment_count(proposal) == 2  # the thread still shows both


async def test_delete_with_htmx_returns_the_thread_with_the_placeholder(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    await post_form(client, f"{page}/comments", {"body": "Bald weg."}, token_from=page)
    comment = await Comment.get(proposal_id=proposal.id)
    response = await htmx_post(client, f"/comments/{comment.id}/delete", {}, token_from=page)
    assert response.status_code == 200
    assert fragment_root(response.text).startswith('<section id="comments"')
    assert shown("This comment was deleted by its author.") in comment_html(
        response.text, comment.id
    )
    assert shown("Your comment is deleted.") in response.text
    again = await post_form(client, f"/comments/{comment.id}/delete", token_from=page)
    assert again.status_code == 403


async def test_detail_page_queries_do_not_grow_with_the_number_of_comments(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in(client, await make_person())
    quiet = await make_proposal()
    await make_comment(quiet)
    busy = await make_proposal()
    for _ in range(25):  # more than one page of conversations
        first = await make_comment(busy)
        second = await make_comment(busy, parent=first)
        await make_comment(busy, parent=second)
    await make_comment(busy, body="gelöscht")
    await Comment.filter(body="gelöscht").update(status=CommentStatus.DELETED)
    counts = []
    await client.get("/")  # the header's masterplans: read once, then kept
    for proposal in (quiet, busy):
        count_queries.statements.clear()
        assert (await client.get(f"/proposals/{proposal.id}")).status_code == 200
        counts.append(count_queries.count)
    assert counts[0] == counts[1]


async def test_a_long_thread_shows_pages_of_conversations_and_a_new_comment_always(
    client: httpx.AsyncClient,
) -> None:
    proposal, page = await _signed_in_on_a_proposal(client)
    roots = [await make_comment(proposal, body=f"Gesprächsbeitrag {i}") for i in range(45)]
    first = await client.get(page)
    assert f'id="comment-{roots[19].id}"' in first.text
    assert f'id="comment-{roots[20].id}"' not in first.text
    assert f'href="{page}?comments=2#comment-{roots[20].id}"' in first.text
    second = await client.get(f"{page}?comments=2")
    assert f'id="comment-{roots[39].id}"' in second.text
    assert f'href="{page}?comments=3#comment-{roots[40].id}"' in second.text
    third = await client.get(f"{page}?comments=3")
    assert f'id="comment-{roots[44].id}"' in third.text and "?comments=4" not in third.text
    # A link to one comment (notifications, moderation) opens the page that holds it.
    linked = await client.get(f"{page}?comment={roots[42].id}")
    assert f'id="comment-{roots[42].id}"' in linked.text
    for nonsense in ("abc", "-1", "99999999999", ""):
        assert (
            await client.get(f"{page}?comments={nonsense}&comment={nonsense}")
        ).status_code == 200
    # A comment written now lands at the end and is shown at once, with htmx and without.
    response = await htmx_post(client, f"{page}/comments", {"body": "Ganz neu."}, token_from=page)
    assert "Ganz neu." in response.text
    await post_form(client, f"{page}/comments", {"body": "Auch neu."}, token_from=page)
    newest = await Comment.filter(proposal_id=proposal.id).order_by("-id").first()
    assert newest is not None
    followed = await client.get(f"{page}?comment={newest.id}")
    assert "Auch neu." in followed.text
