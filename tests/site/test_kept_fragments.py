"""Fragments kept by what they show (templating.kept): a list row, a comment, a proposal's
votes by group are rendered once and served again, so the next page must still show every
change at once, to every reader, with each page's own form token."""

from __future__ import annotations

import re

import httpx
import jinja2

from participation.accounts.models import Role, User
from participation.comments.models import Comment, CommentStatus
from participation.comments.services import edit_comment
from participation.i18n import language, ngettext
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import set_following
from participation.organizations.choices import organizations_changed
from participation.templating import KeptFragments
from tests.auth import make_person, post_form, shown, sign_in
from tests.comments.helpers import comment_html, htmx_post
from tests.conftest import open_client
from tests.factories import (
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
    make_vote,
)

NOT_VOTED = "You have not voted. One vote per person; you can change it while voting is open."
TOKENS = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def _section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}"')
    return html[start : html.index("</section>", start)]


async def test_a_comment_shown_again_follows_each_change_for_each_reader(
    client: httpx.AsyncClient,
) -> None:
    author = await make_person(display_name="Jonas Albers")
    proposal = await make_proposal()
    comment = await make_comment(proposal, author, body="Erste Fassung.")
    page = f"/proposals/{proposal.id}"
    await sign_in(client, await make_person(display_name="Leserin"))
    async with open_client() as anonymous, open_client() as writer:
        await sign_in(writer, author)
        for _ in range(2):  # the second time from the kept fragments
            reader_html = comment_html((await client.get(page)).text, comment.id)
            assert "Erste Fassung." in reader_html and "Jonas Albers" in reader_html
            assert f"/comments/{comment.id}/report" in reader_html  # she may report it
            assert f'name="parent_id" value="{comment.id}"' in reader_html  # and reply
            assert f"/comments/{comment.id}/edit" not in reader_html
            own_html = comment_html((await writer.get(page)).text, comment.id)
            assert f"/comments/{comment.id}/edit" in own_html  # his own: edit and delete
            assert f"/comments/{comment.id}/report" not in own_html
            guest_html = comment_html((await anonymous.get(page)).text, comment.id)
            assert "Erste Fassung." in guest_html and "parent_id" not in guest_html

        await edit_comment(comment=comment, body="Zweite Fassung.")
        reader_html = comment_html((await client.get(page)).text, comment.id)
        assert "Zweite Fassung." in reader_html and "Erste Fassung." not in reader_html
        assert shown("edited") in reader_html

        await User.filter(id=author.id).update(display_name="Jonas A.")
        reader_html = comment_html((await client.get(page)).text, comment.id)
        assert "Jonas A." in reader_html and "Jonas Albers" not in reader_html

        await Comment.filter(id=comment.id).update(status=CommentStatus.HIDDEN)
        assert f'id="comment-{comment.id}"' not in (await client.get(page)).text
        own_html = comment_html((await writer.get(page)).text, comment.id)
        assert shown("Moderation has hidden your comment: only you can see it.") in own_html


async def test_reply_forms_carry_the_token_of_their_own_page(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    question = await make_comment(proposal, body="Was kostet das?")
    page = f"/proposals/{proposal.id}"
    await sign_in(client, await make_person())
    pages = [(await client.get(page)).text for _ in range(3)]
    tokens = [set(TOKENS.findall(html)) for html in pages]
    # One token a page, in the reply form as in every other form of it; each page its own.
    assert all(len(found) == 1 for found in tokens)
    assert len(set.union(*tokens)) == 3
    reply_form = comment_html(pages[2], question.id)
    (token,) = set(TOKENS.findall(reply_form))
    answer = await client.post(
        f"{page}/comments",
        data={"body": "Rund 40 Mio. Euro.", "parent_id": str(question.id), "csrf_token": token},
    )
    assert answer.status_code == 303
    assert await Comment.filter(parent_id=question.id).count() == 1


async def test_each_proposal_s_comment_form_writes_to_that_proposal(
    client: httpx.AsyncClient,
) -> None:
    first, second = await make_proposal(), await make_proposal()
    await sign_in(client, await make_person())

    def form(html: str) -> str:
        start = html.index('id="new-comment-heading"')
        return html[start : html.index("</form>", start)]

    for _ in range(2):  # the second time from the kept fragments
        for proposal in (first, second):
            page = (await client.get(f"/proposals/{proposal.id}")).text
            new = form(page)
            assert f'action="/proposals/{proposal.id}/comments"' in new
            (token,) = set(TOKENS.findall(page))
            assert f'value="{token}"' in new
    page = (await client.get(f"/proposals/{second.id}")).text
    (token,) = set(TOKENS.findall(form(page)))
    answer = await client.post(
        f"/proposals/{second.id}/comments", data={"body": "Gute Idee.", "csrf_token": token}
    )
    assert answer.status_code == 303
    assert "Gute Idee." in (await client.get(f"/proposals/{second.id}")).text


async def test_votes_by_group_and_the_list_row_follow_each_vote(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Offene Daten")
    page = f"/proposals/{proposal.id}"
    await proposal.fetch_related("masterplan")
    listing = f"/masterplans/{proposal.masterplan.slug}/proposals"

    def row(html: str) -> str:
        start = html.index(f'id="proposal-{proposal.id}-title"')
        return html[start : html.index("</article>", start)]

    before = _section((await client.get(page)).text, "group-breakdown")
    assert _section((await client.get(page)).text, "group-breakdown") == before
    assert "0 Unterstützungen" in row((await client.get(listing)).text)

    await make_vote(proposal)
    after = _section((await client.get(page)).text, "group-breakdown")
    assert after != before and "1 : 0" in after
    assert "1 Unterstützung" in row((await client.get(listing)).text)

    client.cookies.set("lang", "en")
    english = _section((await client.get(page)).text, "group-breakdown")
    assert "Votes by stakeholder group" in english and "1 : 0" in english
    assert "1 support" in row((await client.get(listing)).text)


async def test_a_vote_answers_with_the_new_votes_by_group(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    page = f"/proposals/{proposal.id}"
    await sign_in(client, await make_person())
    assert "0 : 0" not in _section((await client.get(page)).text, "group-breakdown")
    answer = await post_form(client, f"{page}/vote", {"vote": "support"}, token_from=page)
    assert answer.status_code == 303
    assert "1 : 0" in _section((await client.get(page)).text, "group-breakdown")
    # With htmx the answer swaps the section in place (out of band), with the new figures.
    answer = await htmx_post(client, f"{page}/vote", {"vote": "oppose"}, token_from=page)
    swapped = _section(answer.text, "group-breakdown")
    assert 'data-hx-swap-oob="true"' in swapped.split(">", 1)[0] and "0 : 1" in swapped
    shown_again = _section((await client.get(page)).text, "group-breakdown")
    assert "data-hx-swap-oob" not in shown_again and "0 : 1" in shown_again


async def test_the_filter_form_follows_each_choice_field_and_organisation(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    field = await make_field(masterplan, title="Schulen am Netz", slug="schulen")
    listing = f"/masterplans/{masterplan.slug}/proposals"

    def form(html: str) -> str:
        start = html.index('<form class="filter-form"')
        return html[start : html.index("</form>", start)]

    def selected(form_html: str) -> list[str]:
        return re.findall(r'<option[^>]*value="([^"]*)"[^>]*selected', form_html)

    first = form((await client.get(listing)).text)
    assert form((await client.get(listing)).text) == first  # the second time kept
    assert "Schulen am Netz" in first and selected(first) == ["rank"]
    chosen = (await client.get(f"{listing}?field=schulen&group=citizens&sort=new&q=WLAN")).text
    assert selected(form(chosen)) == ["schulen", "citizens", "new"]
    assert 'value="WLAN"' in form(chosen)
    assert selected(form((await client.get(listing)).text)) == ["rank"]  # and not kept selected

    field.title = "Schulen im Netz"
    await field.save()  # a field written: its masterplan's fields are read again
    await make_field(masterplan, title="Lernplattform", slug="lernen")
    organization = await make_organization(name="Kammer am Hafen")
    await organizations_changed()  # as the services call it after their transaction
    renamed = form((await client.get(f"{listing}?field=schulen")).text)
    assert "Schulen im Netz" in renamed and "Schulen am Netz" not in renamed
    assert "Lernplattform" in renamed and "Kammer am Hafen" in renamed
    assert selected(renamed) == ["schulen", "rank"]
    by_organization = (await client.get(f"{listing}?organization={organization.slug}")).text
    assert selected(form(by_organization)) == [organization.slug, "rank"]

    client.cookies.set("lang", "en")
    english = form((await client.get(listing)).text)
    assert "All fields of action" in english and "Alle Handlungsfelder" not in english


async def test_the_vote_box_shows_each_reader_their_own_vote_on_its_own_proposal(
    client: httpx.AsyncClient,
) -> None:
    first, second = await make_proposal(), await make_proposal()  # the same counts: 0 : 0
    voter, other = await make_person(), await make_person()
    await make_vote(first, voter, value=1)
    await make_vote(second, voter, value=1)  # 1 : 0 on both now

    def box(html: str) -> str:
        return _section(html, "vote-box")

    async with open_client() as anonymous, open_client() as others:
        await sign_in(client, voter)
        await sign_in(others, other)
        for _ in range(2):  # the second time from the kept fragments
            mine = box((await client.get(f"/proposals/{first.id}")).text)
            assert f"/proposals/{first.id}/vote" in mine
            assert 'id="vote-support" name="vote" value="withdraw"' in mine
            assert 'aria-pressed="true"' in mine
            theirs = box((await others.get(f"/proposals/{first.id}")).text)
            assert 'aria-pressed="true"' not in theirs and 'value="support"' in theirs
            assert shown(NOT_VOTED) in theirs
            on_second = box((await client.get(f"/proposals/{second.id}")).text)
            assert f"/proposals/{second.id}/vote" in on_second
            assert f"/proposals/{first.id}/vote" not in on_second
            guest = box((await anonymous.get(f"/proposals/{second.id}")).text)
            assert "<form" not in guest
            assert f'/account/login?next=/proposals/{second.id}"' in guest
        # Each page's box carries that page's token (the one of every form of the page).
        page = (await client.get(f"/proposals/{first.id}")).text
        (token,) = set(TOKENS.findall(page))
        assert f'value="{token}"' in box(page)


async def test_the_header_follows_the_person_s_name_role_and_unread_count(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person(display_name="Jana Ruhr")
    await sign_in(client, person)

    def menu(html: str) -> str:
        start = html.index('href="/account/notifications"')
        return html[start : html.index("</form>", start)]

    for _ in range(2):  # the second time from the kept fragments
        first = menu((await client.get("/")).text)
        assert "Jana Ruhr" in first and "kern-badge" not in first
        assert 'href="/moderation"' not in (await client.get("/")).text
    await Notification.create(user=person, kind=NotificationKind.PHASE_CHANGED)
    assert "1<span" in menu((await client.get("/")).text)  # one unread notification
    await User.filter(id=person.id).update(role=Role.MODERATOR)
    assert 'href="/moderation"' in (await client.get("/")).text
    await User.filter(id=person.id).update(display_name="Jana R.")
    page = (await client.get("/")).text
    assert "Jana R.<" in menu(page) and "Jana Ruhr" not in page
    (token,) = set(TOKENS.findall(page))  # the sign-out form carries the page's own token
    assert f'value="{token}"' in menu(page)


async def test_the_follow_box_shows_each_reader_their_own_state_and_the_count(
    client: httpx.AsyncClient,
) -> None:
    first, second = await make_proposal(), await make_proposal()
    follower, other = await make_person(), await make_person()
    await set_following(user=follower, proposal=first, following=True)
    await set_following(user=follower, proposal=second, following=True)

    def box(html: str) -> str:
        start = html.index('<div id="follow-box"')
        return html[start : html.index("</div>", start)]

    async with open_client() as others:
        await sign_in(client, follower)
        await sign_in(others, other)
        for _ in range(2):  # the second time from the kept fragments
            mine = box((await client.get(f"/proposals/{first.id}")).text)
            assert f"/proposals/{first.id}/follow" in mine and 'aria-pressed="true"' in mine
            theirs = box((await others.get(f"/proposals/{first.id}")).text)
            assert 'aria-pressed="false"' in theirs
            on_second = box((await client.get(f"/proposals/{second.id}")).text)
            assert f"/proposals/{second.id}/follow" in on_second
        await set_following(user=other, proposal=first, following=True)
        theirs = box((await others.get(f"/proposals/{first.id}")).text)
        assert 'aria-pressed="true"' in theirs
        with language("de"):
            two = ngettext("%(num)s person follows it.", "%(num)s people follow it.", 2)
        assert two % {"num": 2} in theirs


def test_the_store_keeps_the_most_recently_used_fragments_within_its_budget() -> None:
    store = KeptFragments(budget=KeptFragments.weight(("x" * 10,)) * 2)  # two of ten characters
    store.put("a", ("A" * 10,))
    store.put("b", ("B" * 10,))
    assert store.get("a") == ("A" * 10,)  # used: now the most recent
    store.put("c", ("C" * 10,))
    assert store.get("b") is None and store.get("a") and store.get("c")
    store.put("d", ("D" * 20,))  # as much as the two together: they make room
    assert store.get("a") is None and store.get("c") is None and store.get("d")
    assert store.used == store.budget


def test_imported_macros_see_the_globals_as_jinja_gives_them() -> None:
    """The templates' globals keep Jinja's meaning with their faster keys view: imports see
    the environment's globals, a global the environment gained or changed later, and a
    page's own globals, exactly as with Jinja's own environment."""
    from participation.templating import build_environment

    sources = {
        "macros.html": "{% macro hello() %}{{ greeting }}{% endmacro %}",
        "page.html": '{% from "macros.html" import hello %}{{ hello() }} {{ greeting }}',
        "late.html": '{% from "macros.html" import hello %}{{ hello() }} {{ farewell }}',
    }

    def renders(env: jinja2.Environment) -> list[str]:
        env.loader = jinja2.DictLoader(sources)
        env.globals["greeting"] = "Glück auf"
        shown = [env.get_template("page.html").render()]
        env.globals["greeting"] = "Moin"  # changed after both were loaded
        env.globals["farewell"] = "Tschüss"  # new after both were loaded
        shown.append(env.get_template("page.html").render())
        shown.append(env.get_template("late.html").render())
        own = env.get_template("page.html", globals={"greeting": "Servus"})
        shown.append(own.render())
        return shown

    ours = renders(build_environment())
    assert ours == renders(jinja2.Environment())
    assert ours[0] == "Glück auf Glück auf" and ours[2].endswith("Tschüss")
