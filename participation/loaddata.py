"""Scale data for load tests: ``participation generate-load-data`` (issue 8).

Adds generated people, organisations, proposals, votes and comments to a migrated database,
fast: rows go in batches (COPY on PostgreSQL, ``executemany`` on SQLite) with explicit ids
after the highest existing ones, never one ORM call per row. Every counter the services keep
is computed here from the generated rows and written with them, so that pages read what they
would read after real use: a proposal's totals and scores, its group tallies and comment
count, the fields' proposal counts and, on SQLite, the search index.

Proposals are written a chunk at a time, each chunk with its votes, tallies and comments and
the fields' counts in one transaction: memory holds one chunk, and the database is consistent
after every commit. Run it while the app does not write: the ids it takes are the free ones
when it starts. Generated people share one password (one argon2 hash for all: hashing 50,000
would take an hour). The generator and its word lists live in one module: nothing else needs
either.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from tortoise import connections
from tortoise.transactions import in_transaction

from participation.accounts.models import (
    GROUP_OF_KIND,
    MembershipStatus,
    NotificationMode,
    OrganizationKind,
    Role,
    StakeholderGroup,
)
from participation.accounts.passwords import hash_password_now
from participation.accounts.tokens import digest, random_token
from participation.comments.models import CommentStatus
from participation.demo.seed import FIRST_NAMES, LAST_INITIALS
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, ProposalStatus
from participation.votes.ranking import GroupCount, scores

DEFAULT_SEED = 8
DEFAULT_PASSWORD = "load-data-password"  # noqa: S105 - documented, for load tests only
BATCH = 20_000  # rows per statement, and votes plus comments per transaction
TAIL = 1.3  # Pareto shape of the votes per proposal: the top ones get thousands, most a few
DAYS = 365  # proposals are spread over the last year
GROUPS = [group.value for group in StakeholderGroup]
# Organisation kinds in an order whose first six cover the six organised groups.
KINDS = [
    OrganizationKind.CHAMBER,
    OrganizationKind.UNIVERSITY,
    OrganizationKind.COMPANY,
    OrganizationKind.SCHOOL,
    OrganizationKind.CITY_DEPARTMENT,
    OrganizationKind.CIVIL_SOCIETY,
    OrganizationKind.RESEARCH_INSTITUTE,
    OrganizationKind.BUSINESS_ASSOCIATION,
    OrganizationKind.EDUCATION_NETWORK,
]
STATUSES = [  # and how often each is drawn
    (ProposalStatus.PUBLISHED, 84),
    (ProposalStatus.IN_REVIEW, 4),
    (ProposalStatus.ADOPTED, 2),
    (ProposalStatus.PARTIALLY_ADOPTED, 2),
    (ProposalStatus.NOT_ADOPTED, 2),
    (ProposalStatus.PENDING, 2),
    (ProposalStatus.HIDDEN, 2),
    (ProposalStatus.WITHDRAWN, 2),
]
DECIDED = (
    ProposalStatus.IN_REVIEW,
    ProposalStatus.ADOPTED,
    ProposalStatus.PARTIALLY_ADOPTED,
    ProposalStatus.NOT_ADOPTED,
)
COUNTED_COMMENTS = (CommentStatus.PUBLISHED, CommentStatus.DELETED)  # see comments.services


def _words(text: str) -> list[str]:
    """A word list written compactly, entries separated by ``|``."""
    return text.split("|")


# What fills the ``{slots}`` of the texts below: each slot a fresh pick from its list.
WORDS = {
    "adjective": _words(
        "Digitale|Offene|Kostenlose|Barrierefreie|Schnelle|Sichere|Mobile|Nachhaltige|"
        "Vernetzte|Öffentliche|Smarte|Gemeinsame|Moderne|Verlässliche|Einfache"
    ),
    "noun": _words(
        "Ladesäulen|Bürgerdienste|Lernplattformen|Umweltsensoren|Datenportale|"
        "Terminbuchungen|Stadtteilbibliotheken|Funknetze|Werkstätten|Schulserver|"
        "Parkleitsysteme|Beratungsangebote|Sprechstunden|Bürgerbüros|Mobilitätsstationen|"
        "Reparaturcafés|Makerspaces|Coworking-Flächen|Glasfaseranschlüsse|WLAN-Hotspots|"
        "Lernräume|Tablets|Informationsstelen|Schnittstellen|Ampelschaltungen|Leihfahrräder|"
        "Onlineformulare|Medienkurse|Förderprogramme|Verkehrsdaten"
    ),
    "place": _words(
        "in der Nordstadt|am Phoenix-See|in Hörde|in Eving|in Scharnhorst|in Brackel|"
        "in Aplerbeck|in Hombruch|in Lütgendortmund|in Huckarde|in Mengede|in der Innenstadt|"
        "am Hafen|in Dorstfeld|in Kirchhörde|an allen Schulen|in allen Bezirken|"
        "im Westfalenpark|am Hauptbahnhof|in Wambel"
    ),
    "audience": _words(
        "für Seniorinnen und Senioren|für Schulen|für Vereine|für das Handwerk|für Familien|"
        "für Studierende|für Pendlerinnen und Pendler|für Menschen mit Behinderung|"
        "für Gründerinnen und Gründer|für Auszubildende"
    ),
    "verb": _words(
        "auszubauen|einzurichten|zu vernetzen|zu modernisieren|dauerhaft zu finanzieren|"
        "gemeinsam mit der Nachbarschaft zu planen|zu bündeln|offen zu dokumentieren"
    ),
    "benefit": _words(
        "Wege sparen|die Verwaltung entlasten|Teilhabe stärken|den Standort stärken|"
        "Kosten senken|Wartezeiten verkürzen|den Verkehr entlasten|Wissen teilen"
    ),
    "call": _words("endlich umsetzen|besser vernetzen|ausbauen|digital machen|gemeinsam planen"),
    "city": _words("Münster|Bochum|Essen|Köln|Aachen|Hamburg|Ulm|Wien|Tallinn|Utrecht"),
    "year": _words("2027|2028|2029|2030"),
    "euros": [f"{n * 5000:,}".replace(",", ".") for n in range(2, 91)],
}
TITLES = (
    "{adjective} {noun} {place}",
    "Mehr {noun} {audience}",
    "{adjective} {noun} {audience} {place}",
    "{noun} {place} {call}",
)
BODY = (
    "Wir schlagen vor, {noun} {place} {verb}.",
    "Heute fehlen {noun} vor allem {audience}.",
    "Das würde {benefit} und {benefit}.",
    "Ein erster Schritt wäre ein Pilotprojekt {place} bis {year}.",
    "Die Kosten schätzen wir auf {euros} Euro im Jahr.",
    "Städte wie {city} zeigen, dass das funktioniert.",
    "Wichtig ist, {noun} {audience} {verb}.",
)
COMMENT = (
    "Gute Idee, {audience} wäre das eine echte Hilfe.",
    "Ich sehe das skeptisch: {noun} kosten viel Geld.",
    "Gibt es dazu schon Erfahrungen aus {city}?",
    "Unterstütze ich, aber bitte {place} zuerst.",
    "Wer soll das auf Dauer betreiben?",
    "Das würde {benefit}.",
)
RESPONSE = (
    "Die Fachplanung hat den Vorschlag geprüft: {benefit} ist ein Ziel des Masterplans, "
    "die Umsetzung {place} wird bewertet."
)
DISCLOSURE = "Wir bieten selbst digitale Dienste in diesem Bereich an."
DISTRICTS = _words("Nordstadt|Hörde|Eving|Brackel|Aplerbeck|Hombruch|Huckarde|Mengede")
ORGANIZATION_NAMES = {
    OrganizationKind.CHAMBER: "Kammerbezirk",
    OrganizationKind.UNIVERSITY: "Hochschulcampus",
    OrganizationKind.RESEARCH_INSTITUTE: "Institut für Stadtdaten",
    OrganizationKind.COMPANY: "Digitalwerk GmbH",
    OrganizationKind.BUSINESS_ASSOCIATION: "Unternehmerkreis",
    OrganizationKind.EDUCATION_NETWORK: "Bildungsnetz",
    OrganizationKind.SCHOOL: "Gesamtschule",
    OrganizationKind.CITY_DEPARTMENT: "Stadtbezirksamt",
    OrganizationKind.CIVIL_SOCIETY: "Nachbarschaftsinitiative",
}


class LoadDataError(Exception):
    """The database or the numbers asked for do not allow generating the data."""


@dataclass(frozen=True)
class LoadPlan:
    """How much to add. Votes are capped at one per generated person and proposal."""

    proposals: int
    votes: int
    comments: int
    users: int
    seed: int = DEFAULT_SEED
    password: str = DEFAULT_PASSWORD
    sessions: int = 0  # signed-in sessions for this many generated citizens
    session_days: int = 14

    @property
    def rows(self) -> int:
        """The rows a progress bar counts (vote capping may leave it short)."""
        return self.users + self.proposals + self.votes + self.comments + self.sessions


@dataclass
class LoadReport:
    users: int = 0
    organizations: int = 0
    members: int = 0  # confirmed organisation members among the users
    proposals: int = 0
    votes: int = 0
    comments: int = 0
    session_tokens: list[str] = field(default_factory=list)  # cookie values, secret
    seconds: float = 0.0


Row = tuple[Any, ...]
T = TypeVar("T")


class _Sink(Protocol):
    """Where rows go: one raw connection, spoken to in its own dialect."""

    async def next_id(self, table: str) -> int: ...
    async def insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None: ...
    async def add_counts(self, table: str, column: str, deltas: dict[int, int]) -> None: ...
    async def write_search(self, rows: Sequence[Row]) -> None: ...
    def transaction(self) -> Any: ...
    def time(self, epoch: float) -> Any: ...


async def generate_load_data(
    plan: LoadPlan, *, now: datetime | None = None, on_rows: Callable[[int], None] | None = None
) -> LoadReport:
    """Add ``plan``'s rows to the database the ORM is connected to; ``on_rows`` hears how
    many rows each step wrote. The same seed on the same database gives the same rows (but
    for the session tokens); times count back from ``now``."""
    started = time.monotonic()
    if plan.users < 1 and (plan.proposals or plan.comments):
        raise LoadDataError("Proposals and comments need authors: ask for at least one user.")
    fields, weights = await _fields_of_action()
    connection = connections.get("default")
    generator = _Generator(plan, now or datetime.now(UTC), fields, weights, on_rows)
    postgres = connection.capabilities.dialect == "postgres"
    async with (
        connection.acquire_connection() as raw,
        _Postgres.open(raw) if postgres else _Sqlite.open(raw) as sink,
    ):
        report = await generator.run(sink)
    report.seconds = time.monotonic() - started
    return report


async def _fields_of_action() -> tuple[list[tuple[int, int]], dict[int, Any]]:
    """(id, masterplan id) of every field of action and each masterplan's ranking weights;
    without any field, the three Dortmund masterplans of the demo are made first."""
    if not await FieldOfAction.exists():
        # The demo seed's own step, so the masterplans are the demo's in every detail.
        from participation.demo.seed import SeedReport, seed_masterplans

        async with in_transaction():
            await seed_masterplans(SeedReport())
    fields = await FieldOfAction.all().order_by("id").values_list("id", "masterplan_id")
    weights = dict(await Masterplan.all().values_list("id", "ranking_weights"))
    return [(int(f), int(m)) for f, m in fields], weights


class _Random(random.Random):
    """Python's generator with quicker picks than ``choice``/``randrange`` (a million
    votes make the difference seconds)."""

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def text(self, template: str) -> str:
        return template.format_map(_Slots(self))


class _Slots(dict[str, str]):
    """Fills each ``{slot}`` of a template with a fresh pick from ``WORDS``."""

    def __init__(self, rng: _Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return self.rng.pick(WORDS[key])


@dataclass
class _People:
    first_id: int
    groups: list[str]  # stakeholder group of each generated person, by position
    organizations: list[int | None]  # the organisation a member speaks for, by position


@dataclass
class _Ids:
    """The next free id of each table written with the proposals."""

    proposal: int
    vote: int
    tally: int
    comment: int


class _Generator:
    def __init__(
        self,
        plan: LoadPlan,
        now: datetime,
        fields: list[tuple[int, int]],
        weights: dict[int, Any],
        on_rows: Callable[[int], None] | None,
    ) -> None:
        self.plan, self.fields, self.weights = plan, fields, weights
        self.rng = _Random(plan.seed)
        self.on_rows = on_rows or (lambda n: None)
        self.report = LoadReport()
        self.epoch = now.timestamp()
        self.stems: dict[str, list[str]] = {}

    async def run(self, sink: _Sink) -> LoadReport:
        people = await self._people(sink)
        await self._proposals(sink, people)
        return self.report

    # People, organisations, memberships and sessions

    async def _people(self, sink: _Sink) -> _People:
        plan, rng = self.plan, self.rng
        member_count = max(min(6, plan.users - 1), plan.users // 20)
        members = sorted(rng.sample(range(plan.users), member_count)) if member_count > 0 else []
        organization_count = min(member_count, max(len(KINDS), plan.users // 250))
        people = _People(
            await sink.next_id("account"),
            [StakeholderGroup.CITIZENS.value] * plan.users,
            [None] * plan.users,
        )
        first_organization = await sink.next_id("organization")
        kinds = [KINDS[k % len(KINDS)] for k in range(organization_count)]
        for position, person in enumerate(members):
            k = position % organization_count
            people.groups[person] = GROUP_OF_KIND[kinds[k]].value
            people.organizations[person] = first_organization + k
        citizens = [i for i in range(plan.users) if people.organizations[i] is None]
        if plan.sessions > len(citizens):
            raise LoadDataError(f"Only {len(citizens)} citizens for {plan.sessions} sessions.")
        signed_in = citizens[: plan.sessions]
        async with sink.transaction():
            founded = sink.time(self.epoch - (DAYS + 60) * 86400)
            organizations = [
                (
                    first_organization + k,
                    f"load-org-{first_organization + k}",
                    f"{ORGANIZATION_NAMES[kind]} {DISTRICTS[k % len(DISTRICTS)]} {k + 1}",
                    kind.value,
                    "",
                    True,
                    founded,
                )
                for k, kind in enumerate(kinds)
            ]
            await sink.insert("organization", ORGANIZATION_COLUMNS, organizations)
            await self._users(sink, people, set(signed_in))
            await self._memberships(sink, people, members)
            self.report.session_tokens = await self._sessions(sink, people, signed_in)
        self.report.organizations, self.report.members = organization_count, member_count
        return people

    async def _users(self, sink: _Sink, people: _People, signed_in: set[int]) -> None:
        rng = self.rng
        password_hash = hash_password_now(self.plan.password)  # one hash for everyone: fast
        modes = [NotificationMode.IN_APP_ONLY.value] * 7 + [NotificationMode.DAILY_DIGEST.value] * 2
        modes.append(NotificationMode.INSTANT.value)
        now = sink.time(self.epoch)
        for start in range(0, self.plan.users, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, self.plan.users)):
                user_id = people.first_id + i
                joined = sink.time(self.epoch - (DAYS + rng.uniform(0, 60)) * 86400)
                role = Role.CITIZEN if people.organizations[i] is None else Role.PARTNER
                rows.append(
                    (
                        user_id,
                        f"load-{user_id}@example.org",
                        f"{rng.pick(FIRST_NAMES)} {rng.pick(LAST_INITIALS)}.",
                        password_hash,
                        role.value,
                        "de",
                        True,
                        joined,  # e-mail verified
                        joined,  # privacy consent
                        rng.pick(modes),
                        "",
                        joined,
                        now if i in signed_in else None,
                    )
                )
            await sink.insert("account", USER_COLUMNS, rows)
            self.report.users += len(rows)
            self.on_rows(len(rows))

    async def _memberships(self, sink: _Sink, people: _People, members: list[int]) -> None:
        first = await sink.next_id("membership")
        joined = sink.time(self.epoch - DAYS * 86400)
        admins: set[int | None] = set()
        rows = []
        for position, person in enumerate(members):
            organization = people.organizations[person]
            admin = organization not in admins  # the first member confirms the others
            admins.add(organization)
            rows.append(
                (
                    first + position,
                    people.first_id + person,
                    organization,
                    MembershipStatus.CONFIRMED.value,
                    admin,
                    joined,
                    joined,
                )
            )
        await sink.insert("membership", MEMBERSHIP_COLUMNS, rows)

    async def _sessions(self, sink: _Sink, people: _People, signed_in: list[int]) -> list[str]:
        """Signed-in sessions, as ``accounts.sessions.start_session`` makes them: the token
        for the cookie, only its digest in the database."""
        first = await sink.next_id("session")
        tokens = [random_token() for _ in signed_in]
        now = sink.time(self.epoch)
        expires = sink.time(self.epoch + self.plan.session_days * 86400)
        rows = [
            (first + n, people.first_id + person, digest(token), now, now, expires)
            for n, (person, token) in enumerate(zip(signed_in, tokens, strict=True))
        ]
        await sink.insert("session", SESSION_COLUMNS, rows)
        self.on_rows(len(rows))
        return tokens

    # Proposals with their votes, tallies and comments

    async def _proposals(self, sink: _Sink, people: _People) -> None:
        """Proposal chunks, each made in a worker thread while the chunk before it is being
        written, so the database works while Python generates."""
        plan, rng = self.plan, self.rng
        statuses = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES], k=plan.proposals)
        # Pending proposals have not been seen yet: no votes, no comments.
        weights = [
            0.0 if status == ProposalStatus.PENDING else rng.paretovariate(TAIL)
            for status in statuses
        ]
        votes = apportion(plan.votes, weights, cap=plan.users)
        comments = apportion(plan.comments, [w**0.7 for w in weights], cap=plan.comments)
        ids = _Ids(
            proposal=await sink.next_id("proposal"),
            vote=await sink.next_id("vote"),
            tally=await sink.next_id("vote_tally"),
            comment=await sink.next_id("comment"),
        )

        def make(chunk: range) -> _ChunkRows:
            rows = _ChunkRows()
            for n in chunk:
                self._proposal(sink, people, ids, statuses[n], votes[n], comments[n], rows)
            return rows

        writing: asyncio.Task[None] | None = None
        try:
            for chunk in _chunks([v + c for v, c in zip(votes, comments, strict=True)]):
                rows = await asyncio.to_thread(make, chunk)
                if writing is not None:
                    await writing
                writing = asyncio.create_task(self._write(sink, rows))
            if writing is not None:
                await writing
        finally:
            if writing is not None and not writing.done():
                writing.cancel()

    async def _write(self, sink: _Sink, rows: _ChunkRows) -> None:
        async with sink.transaction():
            await rows.write(sink)
        self.report.proposals += len(rows.proposals)
        self.report.votes += len(rows.votes)
        self.report.comments += len(rows.comments)
        self.on_rows(len(rows.proposals) + len(rows.votes) + len(rows.comments))

    def _proposal(
        self,
        sink: _Sink,
        people: _People,
        ids: _Ids,
        status: ProposalStatus,
        vote_count: int,
        comment_count: int,
        rows: _ChunkRows,
    ) -> None:
        rng = self.rng
        proposal_id, ids.proposal = ids.proposal, ids.proposal + 1
        field_id, masterplan_id = rng.pick(self.fields)
        author = rng.below(self.plan.users)
        organization = people.organizations[author] if rng.random() < 0.6 else None
        group = people.groups[author]
        title = rng.text(rng.pick(TITLES))
        body = " ".join(rng.text(t) for t in rng.sample(BODY, 3 + rng.below(len(BODY) - 2)))
        created = self.epoch - rng.uniform(1, DAYS) * 86400
        tallies = self._votes(sink, people, ids, proposal_id, vote_count, created, rows)
        counts = [GroupCount(g, s, o) for g, (s, o) in tallies.items()]
        result = scores(counts, GROUPS, self.weights.get(masterplan_id))
        counted = self._comments(sink, people, ids, proposal_id, comment_count, created, rows)
        supports, opposes = sum(c.supports for c in counts), sum(c.opposes for c in counts)
        on_behalf = organization is not None and group == StakeholderGroup.BUSINESS.value
        stamp = sink.time(created)
        rows.proposals.append(
            (
                proposal_id,
                masterplan_id,
                field_id,
                people.first_id + author,
                organization,
                group,
                title,
                body,
                DISCLOSURE if on_behalf else "",
                status.value,
                stamp,  # created
                stamp,  # updated
                "Enthält persönliche Angriffe." if status == ProposalStatus.HIDDEN else "",
                rng.text(RESPONSE) if status in DECIDED else "",
                "",  # original title: no moderator edited it
                supports,
                opposes,
                supports + opposes,
                result.wilson,
                result.balanced,
                result.consensus,
                counted,
                0,  # co-signatures
                0,  # followers
            )
        )
        for g, (s, o) in tallies.items():
            rows.tallies.append((ids.tally, proposal_id, g, s, o))
            ids.tally += 1
        rows.search.append((proposal_id, *self._documents(title, body)))
        if status in LISTED_STATUSES:
            rows.listed[field_id] += 1

    def _votes(
        self,
        sink: _Sink,
        people: _People,
        ids: _Ids,
        proposal_id: int,
        count: int,
        created: float,
        rows: _ChunkRows,
    ) -> dict[str, list[int]]:
        """The votes on one proposal by ``count`` different people, each in their group;
        returns [supports, opposes] by group. Every group leans its own way around the
        proposal's support share, so ``balanced`` and ``consensus`` differ from ``wilson``."""
        rng, random_ = self.rng, self.rng.random
        share = rng.betavariate(5, 2)
        leaning = {g: min(0.98, max(0.02, share + rng.gauss(0, 0.15))) for g in GROUPS}
        leaning[StakeholderGroup.CITIZENS.value] = share
        span = self.epoch - created
        tallies: dict[str, list[int]] = {}
        groups, first_user, time_of = people.groups, people.first_id, sink.time
        first, ids.vote = ids.vote, ids.vote + count
        append = rows.votes.append
        for n, person in enumerate(rng.sample(range(self.plan.users), count)):
            group = groups[person]
            support = random_() < leaning[group]
            tally = tallies.setdefault(group, [0, 0])
            tally[0 if support else 1] += 1
            stamp = time_of(created + span * random_() ** 2)  # most votes come early
            value = 1 if support else -1
            append((first + n, proposal_id, first_user + person, value, group, stamp, stamp))
        return tallies

    def _comments(
        self,
        sink: _Sink,
        people: _People,
        ids: _Ids,
        proposal_id: int,
        count: int,
        created: float,
        rows: _ChunkRows,
    ) -> int:
        """A thread of ``count`` comments, some of them replies (depth 2) to a published
        comment before them; returns how many count in ``Proposal.comment_count``."""
        rng = self.rng
        span = self.epoch - created
        answerable: list[int] = []
        counted = 0
        for offset in sorted(rng.random() for _ in range(count)):
            comment_id, ids.comment = ids.comment, ids.comment + 1
            author = rng.below(self.plan.users)
            organization = people.organizations[author] if rng.random() < 0.7 else None
            parent = rng.pick(answerable) if answerable and rng.random() < 0.3 else None
            draw = rng.random()
            status = (
                CommentStatus.DELETED  # by its author: the text is gone
                if draw < 0.02
                else CommentStatus.HIDDEN
                if draw < 0.03
                else CommentStatus.PUBLISHED
            )
            if status == CommentStatus.PUBLISHED and parent is None:
                answerable.append(comment_id)
            counted += status in COUNTED_COMMENTS
            texts = rng.sample(COMMENT, 1 + rng.below(3))
            rows.comments.append(
                (
                    comment_id,
                    proposal_id,
                    parent,
                    people.first_id + author,
                    organization,
                    "" if status == CommentStatus.DELETED else " ".join(map(rng.text, texts)),
                    1 if parent is None else 2,
                    "Beleidigend." if status == CommentStatus.HIDDEN else "",
                    status.value,
                    sink.time(created + span * offset),
                    None,  # never edited
                )
            )
        return counted

    def _documents(self, title: str, body: str) -> tuple[str, str]:
        """What ``search.index`` stores for a proposal's title and text. Stemming goes word
        by word, so each word is stemmed once and kept."""
        return self._document(title), self._document(body)

    def _document(self, text: str) -> str:
        terms = list(dict.fromkeys(self._stems(text)))
        tails = [search.TAIL + t[::-1] for t in terms if len(t) >= search.MIN_TAIL]
        return " ".join(terms + tails)

    def _stems(self, text: str) -> list[str]:
        stems: list[str] = []
        for word in search.WORD.findall(text.lower()):
            if word not in self.stems:
                self.stems[word] = search.stems(word)
            stems += self.stems[word]
        return stems


ORGANIZATION_COLUMNS = ("id", "slug", "name", "kind", "description", "verified", "created_at")
MEMBERSHIP_COLUMNS = (
    *("id", "user_id", "organization_id", "status", "is_admin", "created_at"),
    "confirmed_at",
)
SESSION_COLUMNS = ("id", "user_id", "token_hash", "created_at", "last_seen_at", "expires_at")
USER_COLUMNS = (
    "id",
    "email",
    "display_name",
    "password_hash",
    "role",
    "language",
    "is_active",
    "email_verified_at",
    "privacy_consent_at",
    "notification_mode",
    "suspension_reason",
    "created_at",
    "last_login_at",
)
PROPOSAL_COLUMNS = (
    *("id", "masterplan_id", "field_of_action_id", "author_id", "organization_id"),
    *("stakeholder_group", "title", "body", "disclosure", "status", "created_at"),
    *("updated_at", "moderation_reason", "official_response", "original_title"),
    *("supports", "opposes", "vote_count", "wilson", "balanced", "consensus"),
    *("comment_count", "cosign_count", "follower_count"),
)
VOTE_COLUMNS = (
    *("id", "proposal_id", "voter_id", "value", "stakeholder_group", "created_at"),
    "updated_at",
)
TALLY_COLUMNS = ("id", "proposal_id", "stakeholder_group", "supports", "opposes")
COMMENT_COLUMNS = (
    *("id", "proposal_id", "parent_id", "author_id", "organization_id", "body", "depth"),
    *("moderation_reason", "status", "created_at", "edited_at"),
)


@dataclass
class _ChunkRows:
    proposals: list[Row] = field(default_factory=list)
    search: list[Row] = field(default_factory=list)
    votes: list[Row] = field(default_factory=list)
    tallies: list[Row] = field(default_factory=list)
    comments: list[Row] = field(default_factory=list)
    listed: Counter[int] = field(default_factory=Counter)  # listed proposals per field

    async def write(self, sink: _Sink) -> None:
        await sink.insert("proposal", PROPOSAL_COLUMNS, self.proposals)
        if self.search:
            await sink.write_search(self.search)
        for start in range(0, len(self.votes), BATCH):
            await sink.insert("vote", VOTE_COLUMNS, self.votes[start : start + BATCH])
        await sink.insert("vote_tally", TALLY_COLUMNS, self.tallies)
        for start in range(0, len(self.comments), BATCH):
            await sink.insert("comment", COMMENT_COLUMNS, self.comments[start : start + BATCH])
        await sink.add_counts("field_of_action", "proposal_count", dict(self.listed))


def _chunks(loads: list[int], limit: int = BATCH, most: int = 5_000) -> Iterator[range]:
    """Consecutive proposals whose votes and comments add up to about ``limit`` rows."""
    start = total = 0
    for n, load in enumerate(loads):
        total += load
        if total >= limit or n + 1 - start >= most:
            yield range(start, n + 1)
            start, total = n + 1, 0
    if start < len(loads):
        yield range(start, len(loads))


def apportion(total: int, weights: Sequence[float], cap: int) -> list[int]:
    """Split ``total`` into whole parts in proportion to ``weights``, none above ``cap``
    (the excess goes to the others; the total shrinks only when everyone is at the cap)."""
    open_ = [i for i, w in enumerate(weights) if w > 0]
    total = min(total, cap * len(open_))
    capped: set[int] = set()
    while True:  # water-filling: whoever the scale puts over the cap gets the cap
        free = [i for i in open_ if i not in capped]
        scale = (total - cap * len(capped)) / sum(weights[i] for i in free) if free else 0.0
        over = {i for i in free if weights[i] * scale >= cap}
        if not over:
            break
        capped |= over
    exact = {i: (cap if i in capped else weights[i] * scale) for i in open_}
    counts = [0] * len(weights)
    for i, value in exact.items():
        counts[i] = int(value)
    left = max(total - sum(counts), 0)
    # Largest remainders first; ties by position, so the split is the same every time.
    below = [i for i in open_ if counts[i] < cap]
    for i in sorted(below, key=lambda i: (counts[i] - exact[i], i))[:left]:
        counts[i] += 1
    return counts


# The two dialects


class _Sqlite:
    """Rows through ``executemany`` on the aiosqlite connection, with the disk flushes off
    while it runs (a crash may lose the run; the database file stays intact)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    @classmethod
    @asynccontextmanager
    async def open(cls, raw: Any) -> AsyncIterator[_Sqlite]:
        (synchronous,) = await (await raw.execute("PRAGMA synchronous")).fetchone()
        await raw.execute("PRAGMA synchronous = OFF")
        try:
            yield cls(raw)
        finally:
            await raw.execute(f"PRAGMA synchronous = {int(synchronous)}")

    async def next_id(self, table: str) -> int:
        # The highest id in the table or ever handed out (AUTOINCREMENT remembers it).
        rows = await self.raw.execute_fetchall(
            f'SELECT MAX("id") FROM "{table}" '  # noqa: S608 - our own table names
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = ?",
            [table],
        )
        return max([0, *(row[0] or 0 for row in rows)]) + 1

    async def insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        query = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
        await self.raw.executemany(query, rows)

    async def add_counts(self, table: str, column: str, deltas: dict[int, int]) -> None:
        query = f'UPDATE "{table}" SET "{column}" = "{column}" + ? WHERE "id" = ?'  # noqa: S608
        await self.raw.executemany(query, [(delta, key) for key, delta in deltas.items()])

    async def write_search(self, rows: Sequence[Row]) -> None:
        await self.insert("proposal_search", ("rowid", "title", "body"), rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        await self.raw.execute("BEGIN")
        try:
            yield
        except BaseException:
            await self.raw.execute("ROLLBACK")
            raise
        await self.raw.execute("COMMIT")

    def time(self, epoch: float) -> str:
        # As Tortoise writes an aware datetime to SQLite.
        return datetime.fromtimestamp(epoch, UTC).isoformat(" ", "microseconds")


class _Postgres:
    """Rows through COPY on the asyncpg connection. The id sequences move past the new rows
    afterwards, and the tables are analysed so the planner knows their new size."""

    tables = (
        *("organization", "account", "membership", "session"),
        *("proposal", "vote", "vote_tally", "comment"),
    )

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    @classmethod
    @asynccontextmanager
    async def open(cls, raw: Any) -> AsyncIterator[_Postgres]:
        try:
            yield cls(raw)
        finally:
            for table in cls.tables:
                sequence = await raw.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
                await raw.execute(
                    f'SELECT setval($1, MAX("id")) FROM "{table}" '  # noqa: S608
                    f'HAVING MAX("id") >= (SELECT last_value FROM {sequence})',
                    sequence,
                )
            await raw.execute("ANALYZE " + ", ".join(f'"{t}"' for t in cls.tables))

    async def next_id(self, table: str) -> int:
        # The highest id in the table or ever handed out by its sequence.
        sequence = await self.raw.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
        used = await self.raw.fetchval(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}"  # noqa: S608
        )
        top = await self.raw.fetchval(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
        return max(int(used), int(top)) + 1

    async def insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if rows:
            await self.raw.copy_records_to_table(table, records=rows, columns=list(columns))

    async def add_counts(self, table: str, column: str, deltas: dict[int, int]) -> None:
        query = f'UPDATE "{table}" SET "{column}" = "{column}" + $1 WHERE "id" = $2'  # noqa: S608
        await self.raw.executemany(query, [(delta, key) for key, delta in deltas.items()])

    async def write_search(self, rows: Sequence[Row]) -> None:
        # The terms in by COPY to a scratch table, then into the proposals in one UPDATE:
        # the tsvector generated from them follows by itself.
        await self.raw.execute(
            'CREATE TEMP TABLE IF NOT EXISTS "search_load" '
            '("id" INTEGER, "title" TEXT, "body" TEXT) ON COMMIT DELETE ROWS'
        )
        await self.raw.copy_records_to_table("search_load", records=rows)
        await self.raw.execute(
            'UPDATE "proposal" SET "search_title" = "s"."title", "search_body" = "s"."body" '
            'FROM "search_load" AS "s" WHERE "proposal"."id" = "s"."id"'
        )
        await self.raw.execute('DELETE FROM "search_load"')

    def transaction(self) -> Any:
        return self.raw.transaction()

    def time(self, epoch: float) -> datetime:
        return datetime.fromtimestamp(epoch, UTC)
