"""A corpus of bad input against every route and every form, as an admin (who may use them
all), as an author and as a visitor: oversized bodies, broken multipart, invalid UTF-8, NUL
characters, very long query strings, path traversal in file names, hostile files, script and
SQL payloads, wrong methods.

What must hold for every answer:

- **No server error**: no status of 500 or above.
- **Nothing stored half-way**: an answer of 400–499 refused the request, so the database is
  exactly as it was before: the row count and a digest of every row of every table (listed
  from ``sqlite_master`` / ``information_schema``, so a table added later is covered) are
  unchanged. Only ``throttle`` may grow: counting a refused sign-in is what throttles
  the next guess. An answer below 400 that changed the database stored something valid, and
  that must be whole: every counter (a field's ``proposal_count``; a proposal's comment,
  co-signature, follower and vote counters) equals a recount of the rows it counts, every
  proposal has its up-to-date search row (SQLite; PostgreSQL's is a generated column), every
  attachment its file, and no file in the upload directory lacks its row.
- **No script stored where it would run**: no page shows markup a browser would run (a
  script element other than the app's own files, an event handler, a ``javascript:`` URL, a
  frame), whatever was typed into a form; answers that are not pages are not served as HTML,
  and files come back as downloads the browser does not sniff.

The walks send the corpus to every route with the parameters of the access matrix's world
and fill in every form they find on its pages, as a browser would but with hostile text.
The server errors they found (forged cursors, over-long passwords, NUL in projects and
sheets, values longer than their column, numbers beyond any id) each have a test at the end
of the file.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from markupsafe import escape
from starlette.routing import Mount, Route

from participation.accounts.models import Organization, Role, User
from participation.comments.models import Comment
from participation.markdown import render_markdown
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import drafts
from participation.planning.models import Project
from participation.proposals import attachments
from participation.proposals.models import Attachment, Proposal
from participation.settings import load_settings
from tests.auth import csrf_token, make_person, sign_in
from tests.bad_input_helpers import (
    REFUSAL_RECORDS,
    HtmlForm,
    State,
    changed_tables,
    database_state,
    files_in,
    inconsistencies,
    post_forms,
    running_script,
)
from tests.factories import make_comment, make_field, make_masterplan, make_proposal
from tests.test_access_matrix import STORED_NAME, _path_for, _world, app_routes

SCRIPT = "<script>alert('x')</script>"
# Script in each way Markdown or HTML could carry it; short enough for a title.
MARKUP = SCRIPT + " [a](javascript:alert(1)) <img src=x onerror=alert(2)>"
SQL = "'; DROP TABLE proposal; --"
NUL = "Null\x00Zeichen \u202eund\ufeff Steuerzeichen"
LONG = "ä" * 8_000  # 48 kB once URL-encoded
TOO_LONG = "ä" * 21_000  # longer than any text field may be
LONGER_THAN_A_REASON = "ä" * 2_001  # than reasons, disclosures, report texts may be
# Every query parameter some route reads.
QUERY_PARAMETERS = (
    *("action", "actor", "after", "before", "changed", "cursor", "delimiter", "field"),
    *("format", "group", "key", "language", "limit", "linked", "masterplan", "next"),
    *("older_than", "organization", "q", "role", "score", "show", "sort", "start", "status"),
    *("title", "type", "version", "page", "comments", "comment"),
)
BAD_PARAMETERS = {
    "long parameters": dict.fromkeys(QUERY_PARAMETERS, "ä" * 100),  # past every slug column
    "huge numbers": dict.fromkeys(QUERY_PARAMETERS, "9" * 40),
    "script and SQL": {name: (SCRIPT, SQL)[n % 2] for n, name in enumerate(QUERY_PARAMETERS)},
}
FIELDS = ("title", "body", "text", "reason", "name", "email", "q", "response", "note", "vote")
# Posting to these ends the session the rest of a walk needs.
SESSION_ENDERS = ("accounts:logout", "accounts:delete")
SESSION_ENDING_PATHS = ("/account/logout", "/account/delete")
HTML = "text/html"
# Server errors the walks may let pass (a pattern per route and payload): none now. One goes
# here only with a strict xfail test that shows it.
KNOWN_SERVER_ERRORS: list[re.Pattern[str]] = []


@asynccontextmanager
async def open_client() -> AsyncIterator[httpx.AsyncClient]:
    """A browser on the app whose API rate limit never answers the corpus for it."""
    from app import create_app

    settings = dataclasses.replace(load_settings(env_file=None), api_burst=1_000_000)
    app = create_app(settings, connect_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
        yield http


@pytest.fixture
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The upload directory, inside a directory of its own so that a file written beside it
    is noticed."""
    directory = tmp_path / "site" / "uploads"
    directory.mkdir(parents=True)
    monkeypatch.setattr(attachments, "UPLOAD_DIR", directory)
    return directory


async def _world_with_files(upload_dir: Path) -> dict[str, Any]:
    """The access matrix's world, with the file of its one attachment."""
    world = await _world()
    (upload_dir / STORED_NAME).write_bytes(b"%PDF-1.4\n%EOF\n")  # the 14 bytes it records
    return world


@dataclass
class Walk:
    """A client sending bad requests, and what went wrong with the answers (see the module
    docstring). The database is read after every request; that reading is the state the
    next request starts from."""

    client: httpx.AsyncClient
    upload_dir: Path
    problems: list[str] = field(default_factory=list)
    state: State | None = field(default=None, repr=False)
    pages: int = 0

    async def send(self, method: str, path: str, label: str = "", **options: Any) -> httpx.Response:
        before = self.state if self.state is not None else await database_state()
        response = await self.client.request(method, path, **options)
        self.state = await database_state()
        name = f"{method} {path[:100]}" + (f" ({label})" if label else "")
        status = response.status_code
        if status >= 500 and not any(known.search(name) for known in KNOWN_SERVER_ERRORS):
            self.problems.append(f"{name}: {status}")
        changed = changed_tables(before, self.state, ignore=REFUSAL_RECORDS)
        if 400 <= status < 500 and changed:
            self.problems.append(f"{name}: refused with {status}, yet changed {changed}")
        elif changed:
            self.problems += [f"{name}: {p}" for p in await inconsistencies(self.upload_dir)]
        if response.headers.get("content-type", "").startswith(HTML):
            self.pages += 1
            self.problems += [f"{name} runs {s}" for s in running_script(response.text)]
        elif response.headers.get("x-content-type-options") != "nosniff":
            self.problems.append(f"{name}: a browser may sniff it as a page")
        return response


def _form(token: str, value: str) -> dict[str, str]:
    return {"csrf_token": token, **{name: value for name in FIELDS}, "action": value}


async def _corpus(walk: Walk, path: str, method: str, token: str) -> None:
    """Every bad request for one route, whatever its form looks like."""
    if method == "GET":
        for label, parameters in BAD_PARAMETERS.items():
            await walk.send("GET", path, label, params=parameters)
        await walk.send("GET", path, params={"q": LONG, "after": SQL, "sort": SCRIPT})
        await walk.send("GET", path + "?q=%ff%fe&field=%c3%28&page=../../etc/passwd&after=%00")
        await walk.send("GET", path + "?" + "&".join(f"q{n}=a%00b" for n in range(1_000)))
    else:
        headers = {"X-CSRF-Token": token}
        for value in (SCRIPT, SQL, LONGER_THAN_A_REASON, NUL):
            await walk.send("POST", path, data=_form(token, value), headers=headers)
        await walk.send(
            "POST",
            path,
            "broken multipart",
            content=b'--broken\r\nContent-Disposition: form-data; name="x"\r\n\r\n\xff',
            headers={**headers, "Content-Type": "multipart/form-data; boundary=other"},
        )
        await walk.send(
            "POST",
            path,
            "traversal",
            files={"attachment": ("../../../etc/passwd", b"%PDF-1.4 x", "application/pdf")},
            data={"csrf_token": token, "title": SCRIPT, "body": SCRIPT},
            headers=headers,
        )
        await walk.send(
            "POST",
            path,
            "2 MB",
            content=b"title=" + b"x" * (2 * 1024 * 1024),  # twice what a form may send
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
        await walk.send(
            "POST",
            path,
            "invalid UTF-8",
            content=b"title=%ff%fe&body=%c3%28",
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
    for wrong in ("PUT", "PATCH"):
        await walk.send(wrong, path, headers={"X-CSRF-Token": token})
    await walk.send("DELETE", path, "no token")


def _methods(route: Route | Mount) -> list[str]:
    if isinstance(route, Mount):
        return ["GET"]
    return sorted((route.methods or {"GET"}) - {"HEAD"})


@pytest.mark.parametrize("role", ["anonymous", "admin"])
async def test_no_bad_input_gets_a_server_error_stores_half_or_runs_a_script(
    client: httpx.AsyncClient, role: str, upload_dir: Path
) -> None:
    world = await _world_with_files(upload_dir)
    if role == "admin":
        await sign_in(client, await make_person(role=Role.ADMIN))
    token = await csrf_token(client)
    walk = Walk(client, upload_dir)
    for route in app_routes():
        if route.name in SESSION_ENDERS:
            continue
        path = _path_for(route, world["params"])
        for method in _methods(route):
            await _corpus(walk, path, method, token)
    assert not walk.problems, "\n".join(walk.problems)
    assert walk.pages > 100  # the walk saw pages, and looked for script in them
    for proposal in await Proposal.all():
        assert SCRIPT not in (await client.get(f"/proposals/{proposal.id}")).text


# What the walks read -------------------------------------------------------------------


async def test_the_database_state_notices_a_change_to_any_single_value(db: None) -> None:
    person = await make_person()
    before = await database_state()
    await User.filter(id=person.id).update(display_name="Anna B.")
    assert changed_tables(before, await database_state()) == [User._meta.db_table]


async def test_a_wrong_counter_a_stale_search_row_and_a_stray_file_are_each_named(
    db: None, upload_dir: Path
) -> None:
    proposal = await make_proposal()
    assert await inconsistencies(upload_dir) == []
    await Proposal.filter(id=proposal.id).update(comment_count=2, title="Ganz neu")
    await FieldOfAction.filter(id=proposal.field_of_action_id).update(proposal_count=5)  # type: ignore[attr-defined]
    (upload_dir / "stray").write_bytes(b"x")
    problems = await inconsistencies(upload_dir)
    assert f"proposal {proposal.id}: comment_count 2, counted 0" in problems
    assert f"field {proposal.field_of_action_id}: proposal_count 5, listed 1" in problems  # type: ignore[attr-defined]
    assert "file stray without an attachment" in problems
    # The stemmed search text is written by search.index on both databases; a bare UPDATE
    # that bypasses it leaves the row stale.
    assert f"proposal {proposal.id}: search row missing or stale" in problems


# Every form, filled in with hostile text ----------------------------------------------

HOSTILE_TEXTS = {"markup": MARKUP, "sql": SQL, "nul": NUL, "too long": TOO_LONG}
HOSTILE_FILES = {
    "HTML file": (
        "..\\..\\etc\\passwd.pdf",
        b"<html><script>alert(1)</script></html>",
        "text/html",
    ),
    "hostile sheet": (
        "../../projekte.csv",
        b"Code;Titel;Status;Fortschritt\nDW-01;<script>x</script>\x00;laufend\x00;5\x000\n"
        b"\x00;=HYPERLINK(1);done;999999999999999999999\n",
        "text/csv",
    ),
}
NOT_UTF8 = b"\xff\xfe<script>\xc3("


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


async def _fill(walk: Walk, form: HtmlForm) -> None:
    """Post ``form`` with each hostile text in its text fields (NUL also in a multipart
    body, where it comes raw, not %-encoded), with numbers beyond any column where the page
    chose a value, with bytes that are no UTF-8 at all, and, where it takes files, with an
    HTML file named like a path and a sheet full of NUL."""
    as_multipart = [("x", ("", b""))]  # an empty file field: httpx then sends multipart
    for label, text in HOSTILE_TEXTS.items():
        for fields in form.submissions(text):
            await walk.send("POST", form.action, label, data=_grouped(fields))
    for fields in form.submissions(NUL):
        await walk.send(
            "POST", form.action, "nul, multipart", data=_grouped(fields), files=as_multipart
        )
    for fields in form.submissions("Glasfaser", chosen="9" * 40):
        await walk.send("POST", form.action, "huge numbers", data=_grouped(fields))
    raw = "\x01"  # stands for the bytes that are no UTF-8
    for fields in form.submissions(raw):
        if form.multipart:
            data = {
                name: [NOT_UTF8 if v == raw else v.encode() for v in values]
                for name, values in _grouped(fields).items()
            }
            await walk.send("POST", form.action, "not UTF-8", data=data, files=as_multipart)
        else:
            body = "&".join(
                quote(name) + "=" + ("%FF%FE%3Cscript%3E%C3%28" if value == raw else quote(value))
                for name, value in fields
            )
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            await walk.send("POST", form.action, "not UTF-8", content=body, headers=headers)
    for label, hostile in HOSTILE_FILES.items() if form.files else ():
        files = [(name, hostile) for name in form.files]
        for fields in form.submissions(SCRIPT):
            await walk.send("POST", form.action, label, data=_grouped(fields), files=files)


async def _fill_every_form(walk: Walk, pages: list[str]) -> set[tuple[object, ...]]:
    """Open each page and fill every posting form on it that was not filled yet; twice,
    for what the first round stored brings new forms (a reply, a planner's link)."""
    filled: set[tuple[object, ...]] = set()
    for _ in range(2):
        for page in pages:
            response = await walk.send("GET", page)
            if not response.headers.get("content-type", "").startswith(HTML):
                continue
            for form in post_forms(response.text, page):
                if form.key() in filled or form.action.startswith(SESSION_ENDING_PATHS):
                    continue
                filled.add(form.key())
                await _fill(walk, form)
    return filled


def _pages(params: dict[str, object]) -> list[str]:
    return [
        _path_for(route, params)
        for route in app_routes()
        if isinstance(route, Route)
        and "GET" in _methods(route)
        and route.name not in SESSION_ENDERS
    ]


async def _form_world(upload_dir: Path) -> tuple[dict[str, Any], User, list[str]]:
    """The walk's world, with an author who has a proposal without votes or comments (so
    it can be changed and withdrawn) and a comment of their own, and a working draft with
    a section (so the planners' workspace offers its link forms). Also the pages the
    walk opens first."""
    world = await _world_with_files(upload_dir)
    people: dict[str, User] = world["people"]
    params: dict[str, object] = world["params"]
    proposal = await Proposal.get(id=params["proposal_id"]).select_related("field_of_action")
    author = people["partner"]
    own = await make_proposal(proposal.field_of_action, author)
    comment = await make_comment(proposal, author)
    masterplan = await Masterplan.get(slug=params["slug"])
    version = await drafts.working_version(masterplan=masterplan, by=people["planner"])
    await drafts.add_section(
        version=version, title="Glasfaser", body="Ausbau.", by=people["planner"]
    )
    # Its edit forms first: a vote or comment from the walk closes the proposal to changes.
    first = [f"/proposals/{own.id}/edit", f"/comments/{comment.id}/edit", f"/proposals/{own.id}"]
    return world, author, first


@pytest.mark.parametrize("role", ["author", "admin"])
async def test_every_form_filled_with_hostile_text_is_refused_whole_or_stored_whole(
    client: httpx.AsyncClient, role: str, upload_dir: Path
) -> None:
    world, author, extra = await _form_world(upload_dir)
    people: dict[str, User] = world["people"]
    await sign_in(client, author if role == "author" else people["admin"])
    walk = Walk(client, upload_dir)
    filled = await _fill_every_form(walk, extra + _pages(world["params"]))
    assert not walk.problems, "\n".join(walk.problems)
    assert len(filled) > (10 if role == "author" else 40)  # the walk found the forms
    for proposal in await Proposal.all():  # the proposals as they are now, to everyone
        await walk.send("GET", f"/proposals/{proposal.id}")
    client.cookies.clear()
    for page in [f"/proposals/{p.id}" for p in await Proposal.all()] + _pages(world["params"]):
        await walk.send("GET", page)
    assert not walk.problems, "\n".join(walk.problems)


# Hostile attachments on the proposal form -------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
MB = 1024 * 1024

# name → the files sent (raw file name, content, declared type), and what is kept of each
# accepted file (its cleaned name and checked type), or None: the whole form is refused.
UPLOADS: dict[str, tuple[list[tuple[bytes, bytes, str]], list[tuple[str, str]] | None]] = {
    "HTML named .pdf": ([(b"stellungnahme.pdf", HTML_PAGE, "application/pdf")], None),
    "SVG with script": ([(b"karte.svg", SVG, "image/svg+xml")], None),
    "SVG named .png": ([(b"karte.png", SVG, "image/png")], None),
    "zero bytes": ([(b"leer.pdf", b"", "application/pdf")], None),
    "over 10 MB": ([(b"gross.pdf", PDF + b"0" * (10 * MB), "application/pdf")], None),
    "six files": ([(f"seite-{n}.pdf".encode(), PDF, "application/pdf") for n in range(6)], None),
    "one good, one HTML": (
        [(b"gut.pdf", PDF, "application/pdf"), (b"boese.pdf", HTML_PAGE, "text/html")],
        None,
    ),
    "unix path": (
        [(b"../../etc/passwd", PDF, "application/pdf")],
        [("passwd.pdf", attachments.PDF)],
    ),
    "windows path": ([(b"..\\..\\x.pdf", PDF, "application/pdf")], [("x.pdf", attachments.PDF)]),
    "NUL in the name": (
        [(b"bericht\x00.exe.pdf", PDF, "application/pdf")],
        [("bericht.exe.pdf", attachments.PDF)],
    ),
    "300 characters": (
        [(b"a" * 300 + b".pdf", PDF, "application/pdf")],
        [("a" * 196 + ".pdf", attachments.PDF)],
    ),
    "quote and semicolon": (
        [(b'ev\\"il; filename=x.html', PDF, "application/pdf")],
        [('ev"il; filename=x.html.pdf', attachments.PDF)],
    ),
    "right-to-left override": (
        [("\u202egpj.pdf".encode(), PDF, "application/pdf")],
        [("gpj.pdf", attachments.PDF)],
    ),
    "PDF and HTML in one": (
        [(b"poly.pdf", PDF + HTML_PAGE, "text/html")],
        [("poly.pdf", attachments.PDF)],
    ),
    "wrong declared type": ([(b"karte.png", PNG, "text/html")], [("karte.png", attachments.PNG)]),
    "double extension": (
        [(b"bericht.pdf.html", PDF, "text/html")],
        [("bericht.pdf.html.pdf", attachments.PDF)],
    ),
}
SAFE_TYPES = {attachments.PDF, attachments.PNG, attachments.JPEG, attachments.ODT, attachments.DOCX}


def _multipart(fields: dict[str, str], files: list[tuple[bytes, bytes, str]]) -> dict[str, Any]:
    """A multipart body written byte by byte, so a file name arrives exactly as given (httpx
    would escape it)."""
    boundary = "korpus7d2f0c9b"
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        body += value.encode() + b"\r\n"
    for filename, content, content_type in files:
        body += f"--{boundary}\r\n".encode()
        body += b'Content-Disposition: form-data; name="attachments"; filename="' + filename
        body += f'"\r\nContent-Type: {content_type}\r\n\r\n'.encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return {"content": body, "headers": headers}


def _files_around(tmp_path: Path) -> dict[str, int]:
    """Every file under the test's directory but the database (and its journal)."""
    return {k: v for k, v in files_in(tmp_path).items() if not k.startswith("test.sqlite3")}


async def _proposal_form(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    masterplan = await make_masterplan(slug="digitale-wirtschaft")
    field_of_action = await make_field(masterplan, slug="glasfaser")
    await sign_in(client, await make_person())
    form = {
        "csrf_token": await csrf_token(client),
        "title": "Gigabit-Anschluss für alle Gewerbegebiete",
        "body": "Jedes Gewerbegebiet bekommt einen Glasfaseranschluss.",
        "field_of_action": field_of_action.slug,
    }
    return f"/masterplans/{masterplan.slug}/proposals/new", form


@pytest.mark.parametrize("case", list(UPLOADS))
async def test_a_hostile_attachment_is_refused_or_kept_only_as_a_safe_download(
    client: httpx.AsyncClient, upload_dir: Path, tmp_path: Path, case: str
) -> None:
    files, kept = UPLOADS[case]
    path, form = await _proposal_form(client)
    before, around = await database_state(), _files_around(tmp_path)
    response = await client.post(path, **_multipart(form, files))
    new_files = _files_around(tmp_path).keys() - around.keys()
    if kept is None:
        assert response.status_code == 400
        assert 'id="attachments-error"' in response.text
        assert changed_tables(before, await database_state()) == []
        assert new_files == set()
        return
    assert response.status_code == 303, response.text[-2000:]
    assert await inconsistencies(upload_dir) == []
    proposal = await Proposal.get(title=form["title"])
    stored = await Attachment.filter(proposal_id=proposal.id).order_by("id")
    assert [(a.original_name, a.content_type) for a in stored] == kept
    # Nothing beside the upload directory, nothing under a name the upload chose.
    upload_part = upload_dir.relative_to(tmp_path)
    assert new_files == {str(upload_part / a.stored_name) for a in stored}
    for attachment, (_, content, _) in zip(stored, files, strict=True):
        assert re.fullmatch(r"[0-9a-f]{32}", attachment.stored_name)
        download = await client.get(f"/attachments/{attachment.id}")
        assert download.content == content
        assert download.headers["content-type"] == attachment.content_type in SAFE_TYPES
        disposition = download.headers["content-disposition"]
        assert disposition.startswith("attachment; filename=")
        assert re.fullmatch(r'attachment; filename="[A-Za-z0-9._ -]+"; filename\*=\S+', disposition)
        assert download.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in download.headers["content-security-policy"]
    page = await client.get(f"/proposals/{proposal.id}")
    assert running_script(page.text) == []


@pytest.mark.parametrize(
    "refusal",
    [{"title": ""}, {"title": "x" * 201}, {"field_of_action": "keins"}, {"similar": "yes"}],
    ids=["no title", "title too long", "no such field", "similar proposals"],
)
async def test_files_of_a_proposal_that_is_not_stored_leave_nothing_on_disk(
    client: httpx.AsyncClient, upload_dir: Path, tmp_path: Path, refusal: dict[str, str]
) -> None:
    path, form = await _proposal_form(client)
    if refusal.pop("similar", None):  # a listed proposal like it waits to be seen first
        field_of_action = await FieldOfAction.get(slug=form["field_of_action"])
        await make_proposal(field_of_action, title=form["title"])
    before, around = await database_state(), _files_around(tmp_path)
    files = [(b"positionspapier.pdf", PDF, "application/pdf"), (b"karte.png", PNG, "image/png")]
    response = await client.post(path, **_multipart({**form, **refusal}, files))
    assert response.status_code in (200, 400)
    assert changed_tables(before, await database_state()) == []
    assert _files_around(tmp_path) == around


# Script stored where it would run -----------------------------------------------------

MARKDOWN_LINES = [
    SCRIPT,
    "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1))",
    "[d](javascript&colon;alert(1)) [e]( javascript:alert(1)) <javascript:alert(1)>",
    "[f](vbscript:msgbox(1)) [g](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![h](javascript:alert(1)) [i][ref]\n\n[ref]: javascript:alert(1)",
    '<a href="javascript:alert(1)">j</a> <img src=x onerror=alert(1)> <svg onload=alert(1)>',
    "<iframe src=javascript:alert(1)></iframe> <object data=x.swf></object>",
    '[k](https://example.org "t\\" onmouseover=alert(1) x=\\"") `<script>alert(1)</script>`',
    '<div style="background:url(javascript:alert(1))">l</div> <base href=//evil.example>',
]
MARKDOWN_ATTACKS = "\n\n".join(MARKDOWN_LINES)
NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>"  # within 100 characters


@pytest.mark.parametrize("line", MARKDOWN_LINES)
def test_markdown_never_renders_markup_that_runs(line: str) -> None:
    assert running_script(str(render_markdown(line))) == []


def test_the_script_finder_finds_what_would_run() -> None:
    for page in [
        SCRIPT,
        '<a href=" jav&#x09;ascript:alert(1)">a</a>',
        "<img src=x onerror=alert(1)>",
        '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
        '<iframe srcdoc="x"></iframe>',
        '<script src="/static/../../evil.js"></script>',
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">a</a>',
    ]:
        assert running_script(page) != [], page
    assert running_script('<script src="/static/vendor/htmx/htmx.min.js" defer></script>') == []


async def _store_hostile_content(client: httpx.AsyncClient, world: dict[str, Any]) -> Proposal:
    """Through the forms: an organisation named with script (by an admin), a member who
    calls herself so, and her proposal on its behalf, and a comment, full of script."""
    people: dict[str, User] = world["people"]
    slug = world["params"]["organization_slug"]
    await sign_in(client, people["admin"])
    token = await csrf_token(client)
    details = {"action": "details", "name": MARKUP, "kind": "chamber", "verified": "on"}
    details |= {"description": MARKDOWN_ATTACKS, "csrf_token": token}
    response = await client.post(f"/admin/organizations/{slug}", data=details)
    assert response.status_code == 303, response.text[-3000:]
    client.cookies.clear()
    await sign_in(client, people["partner"])
    token = await csrf_token(client)
    profile = {"action": "profile", "display_name": NAME, "language": "de"}
    response = await client.post(
        "/account/profile", data={**profile, "notification_mode": "instant", "csrf_token": token}
    )
    assert response.status_code == 303, response.text[-3000:]
    masterplan = world["params"]["slug"]
    field_of_action = await FieldOfAction.filter(masterplan__slug=masterplan).first()
    assert field_of_action is not None
    proposal_form = {
        "title": MARKUP,
        "body": MARKDOWN_ATTACKS,
        "disclosure": MARKDOWN_ATTACKS,
        "field_of_action": field_of_action.slug,
        "on_behalf": "on",
        "similar_seen": "1",
        "csrf_token": token,
    }
    response = await client.post(f"/masterplans/{masterplan}/proposals/new", data=proposal_form)
    assert response.status_code == 303, response.text[-3000:]
    proposal = await Proposal.get(title=MARKUP)
    comment = {"body": MARKDOWN_ATTACKS, "csrf_token": token}
    response = await client.post(f"/proposals/{proposal.id}/comments", data=comment)
    assert response.status_code == 303, response.text[-3000:]
    return proposal


async def test_script_typed_into_names_proposals_and_comments_never_runs_on_any_page(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    world = await _world_with_files(upload_dir)
    proposal = await _store_hostile_content(client, world)
    comment = await Comment.get(proposal_id=proposal.id)
    people: dict[str, User] = world["people"]
    params = {
        **world["params"],
        "proposal_id": proposal.id,
        "comment_id": comment.id,
        "user_id": people["partner"].id,
    }
    slug = params["slug"]
    pages = _pages(params) + [f"/planning/{slug}/export.{f}" for f in ("csv", "json", "md", "xlsx")]
    organization = await Organization.get(slug=params["organization_slug"])
    assert organization.name == MARKUP  # stored as typed: escaping is the page's job
    # Where each shows as text: the check below cannot pass by showing nothing.
    shown_at = {
        "partner": {"/account/profile": NAME, f"/proposals/{proposal.id}": MARKUP},
        "admin": {f"/admin/users/{people['partner'].id}": NAME, "/admin/organizations": MARKUP},
        "anonymous": {
            f"/proposals/{proposal.id}": MARKUP,
            f"/masterplans/{slug}/proposals": MARKUP,
        },
    }
    walk = Walk(client, upload_dir)
    for role in ("partner", "admin", "org_admin", "anonymous"):
        client.cookies.clear()
        if role != "anonymous":
            await sign_in(client, people[role])
        for page in pages:
            await walk.send("GET", page)
        for page, text in shown_at.get(role, {}).items():
            assert str(escape(text)) in (await client.get(page)).text, page
    assert not walk.problems, "\n".join(walk.problems)
    assert walk.pages > 150
    answer = await client.get(f"/api/v1/proposals/{proposal.id}")
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["title"] == MARKUP


# The open data API ---------------------------------------------------------------------

API_PARAMETERS = ("sort", "q", "field", "status", "group", "limit", "cursor", "masterplan")
API_VALUES = (LONG, SQL, SCRIPT, "%ff%c3%28", "-1", "1e999", "9" * 40, "NaN", "\u202e", "x\x00")


async def test_the_api_answers_bad_parameters_and_methods_with_json_or_405_and_changes_nothing(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    world = await _world_with_files(upload_dir)
    token = await csrf_token(client)
    walk = Walk(client, upload_dir)
    api = [r for r in app_routes() if isinstance(r, Route) and r.path.startswith("/api/")]
    assert len(api) >= 8
    for route in api:
        path = _path_for(route, world["params"])
        for name in API_PARAMETERS:
            for value in API_VALUES:
                label = f"{name}={value[:10]!r}"
                response = await walk.send("GET", path, label, params={name: value})
                if response.status_code in (400, 404):
                    assert response.headers["content-type"] == "application/json", path
                    assert "error" in response.json()
        await walk.send("GET", path + "?" + "&".join(f"q{n}=x" for n in range(5_000)))
        await walk.send("GET", path, params={"q": "x" * 60_000})  # as long as httpx sends
        await walk.send("GET", path + "?limit=1&limit=1000&sort=new&sort=rank")
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            wrong = await walk.send(method, path, headers={"X-CSRF-Token": token})
            assert wrong.status_code == 405, f"{method} {path}"
            # The API only reads: no form token needed to be told so.
            assert (await walk.send(method, path, "no token")).status_code == 405
        assert (await walk.send("OPTIONS", path)).status_code == 204
    assert not walk.problems, "\n".join(walk.problems)


# Found by the corpus -------------------------------------------------------------------


async def test_nul_in_a_proposal_is_dropped_not_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    """PostgreSQL refuses NUL in a text column: the proposal form posted it straight on."""
    path, form = await _proposal_form(client)
    sent = {**form, "title": "Glasfaser\x00 für alle", "body": "Jetzt\x00.", "disclosure": "\x00"}
    response = await client.post(path, **_multipart(sent, []))
    assert response.status_code == 303
    proposal = await Proposal.get(title="Glasfaser für alle")
    assert (proposal.body, proposal.disclosure) == ("Jetzt.", "")
    edited = {**sent, "title": "Glasfaser\x00 überall", "csrf_token": form["csrf_token"]}
    response = await client.post(f"/proposals/{proposal.id}/edit", **_multipart(edited, []))
    assert response.status_code == 303
    assert (await Proposal.get(id=proposal.id)).title == "Glasfaser überall"


def _cursor(*values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _forged(cursor: str, name: str) -> Any:
    """A forged cursor with values the database cannot compare with (SQLite holds 64-bit
    integers and compares dates as text, so some were server errors on PostgreSQL only)."""
    return pytest.param(cursor, id=name)


@pytest.mark.parametrize(
    "cursor",
    [
        _forged(_cursor("rank", 0.5, 10**30, 1), "huge"),
        _forged(_cursor("rank", 0.5, 2**40, 2**40), "beyond 32 bits"),
        _forged(_cursor("new", "2020-01-01T00:00:00", 5), "no time zone"),
        _forged(_cursor("new", "9999-12-31T23:59:59-14:00", 5), "past 9999"),
        _forged(_cursor("supported", -(10**20), 1), "hugely negative"),
    ],
)
async def test_a_forged_page_cursor_starts_the_list_afresh(
    client: httpx.AsyncClient, cursor: str
) -> None:
    field_of_action = await make_field(await make_masterplan(slug="digitale-wirtschaft"))
    await make_proposal(field_of_action, title="Glasfaser für alle")
    sort = json.loads(base64.urlsafe_b64decode(cursor + "==="))[0]
    page = await client.get(
        "/masterplans/digitale-wirtschaft/proposals", params={"sort": sort, "after": cursor}
    )
    api = await client.get(
        "/api/v1/masterplans/digitale-wirtschaft/proposals", params={"sort": sort, "cursor": cursor}
    )
    assert (page.status_code, api.status_code) == (200, 200)
    assert "Glasfaser für alle" in page.text
    assert [p["title"] for p in api.json()["proposals"]] == ["Glasfaser für alle"]


async def test_a_password_of_73_to_256_characters_is_checked_not_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    token = await csrf_token(client, "/account/register")
    password = "Glasfaser Schulen WLAN Dortmund Nord " * 3  # 111 characters
    response = await client.post(
        "/account/register",
        data={
            "email": "anna@example.org",
            "display_name": "Anna",
            "password": password,
            "password_repeat": password,
            "privacy_consent": "on",
            "language": "de",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303


async def _project_page(client: httpx.AsyncClient) -> tuple[str, HtmlForm]:
    world = await _world()
    await sign_in(client, world["people"]["planner"])  # type: ignore[index]
    path = _path_for(
        next(r for r in app_routes() if r.name == "planning:project"),
        world["params"],  # type: ignore[arg-type]
    )
    page = await client.get(path)
    return path, next(f for f in post_forms(page.text, path) if ("action", "details") in f.fixed)


async def test_nul_in_a_project_form_is_dropped_not_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    path, form = await _project_page(client)
    response = await client.post(path, data=_grouped(form.submissions("Glasfaser\x00ausbau")[0]))
    assert response.status_code == 303
    project = await Project.get(code="DW-01")
    assert project.title == "Glasfaserausbau"


async def test_nul_in_an_imported_sheet_is_dropped_not_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    path, _ = await _project_page(client)
    slug = path.split("/")[2]
    token = await csrf_token(client, f"/planning/{slug}/projects/import")
    sheet = b"Code;Titel;Status\nDW-01\x00;Glasfaser\x00ausbau;laufend\n"
    response = await client.post(
        f"/planning/{slug}/projects/import",
        data={"action": "preview", "csrf_token": token},
        files={"sheet": ("projekte.csv", sheet, "text/csv")},
    )
    assert response.status_code == 200
    assert "\x00" not in response.text and "Glasfaserausbau" in response.text


LONG_NAME = "ä" * 81  # one past the longest slug column


@pytest.mark.parametrize(
    "path",
    [
        f"/masterplans/{LONG_NAME}",
        f"/masterplans/{LONG_NAME}/proposals",
        f"/api/v1/masterplans/{LONG_NAME}",
        f"/reports/council?masterplan={LONG_NAME}",
        f"/planning/digitale-wirtschaft/export.csv?field={LONG_NAME}",
        f"/api/v1/masterplans/digitale-wirtschaft/proposals?field={LONG_NAME}",
        f"/api/v1/projects?masterplan={LONG_NAME}",
        f"/organizations/{LONG_NAME}/members",
    ],
)
async def test_a_name_longer_than_its_column_matches_nothing_and_is_no_server_error(
    client: httpx.AsyncClient, path: str
) -> None:
    masterplan = await make_masterplan(slug="digitale-wirtschaft")
    await sign_in(client, await make_person(role=Role.ADMIN))
    await make_field(masterplan)
    response = await client.get(path)
    assert response.status_code in (200, 404)


async def test_an_audit_page_number_beyond_any_id_shows_the_first_page(
    client: httpx.AsyncClient,
) -> None:
    await sign_in(client, await make_person(role=Role.MODERATOR))
    response = await client.get("/moderation/audit", params={"before": "9" * 40})
    assert response.status_code == 200


HUGE = "9" * 40


@pytest.mark.parametrize(
    ("page", "action"),
    [
        ("/proposals/{proposal_id}", "/proposals/{proposal_id}/comments"),
        ("/planning/{slug}/settings", "/planning/{slug}/settings/moderation#moderation"),
        ("/planning/{slug}/draft", "/planning/{slug}/draft/sections"),
        ("/moderation/duplicates", "/moderation/merge"),
    ],
    ids=["reply to", "report threshold", "field of a section", "merge"],
)
async def test_a_number_beyond_any_id_in_a_form_is_refused_not_a_server_error(
    client: httpx.AsyncClient, upload_dir: Path, page: str, action: str
) -> None:
    world, _, _ = await _form_world(upload_dir)
    await sign_in(client, world["people"]["admin"])
    page, action = page.format(**world["params"]), action.format(**world["params"])
    if action == "/moderation/merge":  # no pair of duplicates to show: the form as it would be
        fields = [("csrf_token", await csrf_token(client)), ("into", HUGE), ("pair", f"{HUGE},1")]
    else:
        forms = post_forms((await client.get(page)).text, page)
        form = next(
            f
            for f in forms
            if f.action == action and {n for n, _ in f.fixed} - {"csrf_token", "action"}
        )
        fields = form.submissions("Glasfaser", chosen=HUGE)[0]
    response = await client.post(action, data=_grouped(fields))
    assert response.status_code < 500
