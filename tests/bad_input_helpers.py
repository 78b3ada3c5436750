"""What the bad-input corpus (tests/test_bad_input.py) looks at: the whole content of the
database, the counters that must agree with the rows they count, the forms a page offers,
and markup in an answer that a browser would run."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tortoise import connections
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from participation.accounts.models import Throttle
from participation.comments.models import Comment
from participation.masterplans.models import FieldOfAction
from participation.moderation.services import VISIBLE_COMMENT
from participation.notifications.models import Follow
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Attachment, CoSignature, Proposal
from participation.votes.models import Vote

# Tables a refused request may change: a failed sign-in is recorded, for that is what
# throttles the next guess.
REFUSAL_RECORDS = frozenset({Throttle._meta.db_table})

# The database ----------------------------------------------------------------------------

State = dict[str, tuple[int, str]]


def _is_postgres() -> bool:
    return bool(connections.get("default").capabilities.dialect == "postgres")


async def _state_query() -> str:
    """One statement that counts and digests every table: one round trip per snapshot."""
    connection = connections.get("default")
    parts: list[str] = []
    if _is_postgres():
        rows = await connection.execute_query_dict(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        for name in sorted(str(row["table_name"]) for row in rows):
            parts.append(
                f"SELECT '{name}' AS name, count(*) AS n, "
                f"coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS digest "
                f'FROM "{name}" t'
            )
        return " UNION ALL ".join(parts)
    rows = await connection.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"  # its shadow tables hold what it holds
    )
    for name in sorted(str(row["name"]) for row in rows):
        columns = await connection.execute_query_dict(f'PRAGMA table_info("{name}")')
        row_text = " || ',' || ".join(f'quote("{column["name"]}")' for column in columns)
        parts.append(
            f"SELECT '{name}' AS name, (SELECT count(*) FROM \"{name}\") AS n, "
            f"coalesce((SELECT group_concat(r, char(10)) FROM "
            f"(SELECT {row_text} AS r FROM \"{name}\" ORDER BY 1)), '') AS digest"
        )
    return " UNION ALL ".join(parts)


_queries: dict[str, str] = {}


async def database_state() -> State:
    """Every table's row count and a digest of all its rows: any insert, update or delete
    changes one of them."""
    dialect = connections.get("default").capabilities.dialect
    if dialect not in _queries:
        _queries[dialect] = await _state_query()
    rows = await connections.get("default").execute_query_dict(_queries[dialect])
    return {
        str(row["name"]): (int(row["n"]), hashlib.sha1(str(row["digest"]).encode()).hexdigest())
        for row in rows
    }


def changed_tables(
    before: State, after: State, *, ignore: frozenset[str] = frozenset()
) -> list[str]:
    return sorted(
        name
        for name in before.keys() | after.keys()
        if name not in ignore and before.get(name) != after.get(name)
    )


async def inconsistencies(upload_dir: Path | None = None) -> list[str]:
    """Every counter, search row and stored file that disagrees with the rows it stands for:
    what a write that stopped half-way would leave behind."""
    problems: list[str] = []
    listed = Counter(
        await Proposal.filter(status__in=LISTED_STATUSES).values_list(
            "field_of_action_id", flat=True
        )
    )
    for field_id, count in await FieldOfAction.all().values_list("id", "proposal_count"):
        if count != listed[field_id]:
            problems.append(f"field {field_id}: proposal_count {count}, listed {listed[field_id]}")
    comments = await _count_by(Comment.filter(status__in=VISIBLE_COMMENT))
    cosignatures = await _count_by(CoSignature.all())
    follows = await _count_by(Follow.all())
    supports = await _count_by(Vote.filter(value=1))
    opposes = await _count_by(Vote.filter(value=-1))
    proposals = await Proposal.all().values(
        "id",
        "title",
        "body",
        "comment_count",
        "cosign_count",
        "follower_count",
        "supports",
        "opposes",
        "vote_count",
    )
    for row in proposals:
        i = row["id"]
        expected = {
            "comment_count": comments[i],
            "cosign_count": cosignatures[i],
            "follower_count": follows[i],
            "supports": supports[i],
            "opposes": opposes[i],
            "vote_count": supports[i] + opposes[i],
        }
        for name, value in expected.items():
            if row[name] != value:
                problems.append(f"proposal {i}: {name} {row[name]}, counted {value}")
    # What search.index stores for each proposal (PostgreSQL's tsvector is generated from it).
    table = (
        'SELECT "id", "search_title" AS "title", "search_body" AS "body" FROM "proposal"'
        if _is_postgres()
        else 'SELECT rowid AS "id", "title", "body" FROM "proposal_search"'
    )
    indexed = {
        int(r["id"]): (str(r["title"]), str(r["body"]))
        for r in await connections.get("default").execute_query_dict(table)
    }
    for row in proposals:
        terms = (search.document(row["title"]), search.document(row["body"]))
        if indexed.pop(row["id"], None) != terms:
            problems.append(f"proposal {row['id']}: search row missing or stale")
    problems += [f"search row {i} without a proposal" for i in indexed]
    if upload_dir is not None:
        problems += await _file_problems(upload_dir)
    return problems


async def _count_by(query: QuerySet[Any]) -> Counter[int]:
    rows = (
        await query.annotate(n=Count("id")).group_by("proposal_id").values_list("proposal_id", "n")
    )
    return Counter({int(proposal_id): int(n) for proposal_id, n in rows})


def files_in(directory: Path) -> dict[str, int]:
    """Every file under ``directory`` (relative path → size); none if it does not exist."""
    if not directory.exists():
        return {}
    return {
        str(path.relative_to(directory)): path.stat().st_size
        for path in directory.rglob("*")
        if path.is_file()
    }


async def _file_problems(upload_dir: Path) -> list[str]:
    on_disk = files_in(upload_dir)
    problems = []
    for stored_name, size in await Attachment.all().values_list("stored_name", "size"):
        if on_disk.pop(stored_name, None) != size:
            problems.append(f"attachment {stored_name}: no file of {size} bytes")
    return problems + [f"file {name} without an attachment" for name in on_disk]


# Forms -----------------------------------------------------------------------------------

TEXT_INPUTS = frozenset({"", "text", "email", "search", "url", "tel"})
# Inputs a browser only lets a person fill with a well-formed value.
WELL_FORMED = {"date": "2030-01-15", "number": "1", "month": "2030-01", "time": "12:00"}


@dataclass
class HtmlForm:
    """A form as a browser would send it: fixed values (hidden fields, a choice from each
    list, every box ticked), the text fields a person types in, file fields, and the
    named submit buttons (one submission each)."""

    action: str
    multipart: bool
    fixed: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    passwords: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def key(self) -> tuple[object, ...]:
        names = {name for name, _ in self.fixed if name != "csrf_token"}
        names |= set(self.text) | set(self.passwords)
        # The same form of another proposal or comment is no new form.
        action = re.sub(r"/[0-9]+(?=/|$)", "/#", self.action.split("?")[0])
        return (action, tuple(sorted(names)), tuple(self.buttons))

    def submissions(self, text: str, chosen: str | None = None) -> list[list[tuple[str, str]]]:
        """One list of fields per named button (or one, if none is named), with ``text`` in
        every text field and, if given, ``chosen`` for every value the page chose (an id in
        a hidden field, an option, a date) but the form's token and action."""
        password = text
        fixed = [
            (name, value if chosen is None or name in ("csrf_token", "action") else chosen)
            for name, value in self.fixed
        ]
        base = (
            fixed
            + [(name, text) for name in self.text]
            + [(name, password) for name in self.passwords]
        )
        return [[*base, button] for button in self.buttons] or [base]


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[HtmlForm] = []
        self.by_id: dict[str, HtmlForm] = {}
        self.current: HtmlForm | None = None
        self.select: tuple[HtmlForm, str] | None = None  # the open list, until it has a value
        self.radios: set[tuple[int, str]] = set()

    def _owner(self, attrs: dict[str, str]) -> HtmlForm | None:
        return self.by_id.get(attrs["form"]) if "form" in attrs else self.current

    def handle_starttag(self, tag: str, raw: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in raw}
        if tag == "form":
            if attrs.get("method", "get").lower() != "post":
                self.current = None
                return
            form = HtmlForm(
                action=attrs.get("action") or self.page,
                multipart=attrs.get("enctype", "") == "multipart/form-data",
            )
            self.forms.append(form)
            self.current = form
            if "id" in attrs:
                self.by_id[attrs["id"]] = form
            return
        if tag == "option":
            self._option(attrs)
            return
        owner = self._owner(attrs)
        if owner is None or "name" not in attrs or "disabled" in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            self._input(owner, name, attrs)
        elif tag == "textarea":
            owner.text.append(name)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            owner.buttons.append((name, attrs.get("value", "")))
        elif tag == "select":
            self.select = (owner, name)

    def _option(self, attrs: dict[str, str]) -> None:
        if self.select is not None and attrs.get("value"):
            form, name = self.select
            form.fixed.append((name, attrs["value"]))
            self.select = None

    def _input(self, owner: HtmlForm, name: str, attrs: dict[str, str]) -> None:
        kind = attrs.get("type", "").lower()
        if kind in TEXT_INPUTS:
            owner.text.append(name)
        elif kind == "password":
            owner.passwords.append(name)
        elif kind in WELL_FORMED:
            owner.fixed.append((name, attrs.get("value") or WELL_FORMED[kind]))
        elif kind == "hidden":
            owner.fixed.append((name, attrs.get("value", "")))
        elif kind == "checkbox":
            owner.fixed.append((name, attrs.get("value", "on")))
        elif kind == "radio" and (id(owner), name) not in self.radios:
            self.radios.add((id(owner), name))
            owner.fixed.append((name, attrs.get("value", "on")))
        elif kind == "file":
            owner.files.append(name)
        elif kind == "submit" and attrs.get("value"):
            owner.buttons.append((name, attrs["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def post_forms(html: str, page: str) -> list[HtmlForm]:
    """The forms of a page that post."""
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


# Markup that would run -------------------------------------------------------------------

# Elements that run script or load a document of their own.
RUNNING_ELEMENTS = frozenset({"iframe", "frame", "object", "embed", "base", "applet"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster"})
SCRIPT_URL = re.compile(r"^(javascript|vbscript):", re.IGNORECASE)
DOCUMENT_URL = re.compile(r"^data:(?!image/(png|jpeg|gif|webp)[;,])", re.IGNORECASE)
OWN_SCRIPT = re.compile(r"^/static/(?!.*\.\.)[\w./-]+\.js$")


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, raw: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in raw}
        if tag == "script" and not OWN_SCRIPT.match(attrs.get("src", "")):
            self.found.append(f"<script {attrs}>")
        if tag in RUNNING_ELEMENTS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attrs.items():
            # Browsers ignore control characters and spaces inside a scheme.
            url = re.sub(r"[\x00-\x20]", "", value)
            if (
                name.startswith(("on", "hx-on", "data-hx-on"))
                or name == "srcdoc"
                or SCRIPT_URL.match(url)  # any attribute: SVG's <animate values=...> too
                or (name in URL_ATTRIBUTES and DOCUMENT_URL.match(url))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def running_script(html: str) -> list[str]:
    """Markup in ``html`` that a browser would run (the app's own script files aside)."""
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.found
