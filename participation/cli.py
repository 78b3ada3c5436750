"""The ``participation`` command: migrate, demo data, people, invitations, mail, masterplans."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from participation.db import migrate, open_database
from participation.masterplans.commands import add_commands as add_masterplan_commands
from participation.masterplans.commands import run as run_masterplan_command
from participation.progress import Progress
from participation.settings import ConfigurationError, Settings, load_settings

# The commands that write links to the site into mails or files.
LINKING = frozenset({"invite", "send-digests", "switch-phases", "export"})


async def _seed_demo(database_url: str, if_empty: bool) -> int:
    from participation.demo.seed import database_is_empty, seed_demo

    async with open_database(database_url):
        if if_empty and not await database_is_empty():
            print("The database already holds data; demo data not loaded.")
            return 0
        report = await seed_demo()
    print(
        f"Demo data: {report.masterplans} masterplans, {report.organizations} organisations, "
        f"{report.users} people, {report.proposals} proposals, {report.votes} votes, "
        f"{report.comments} comments, {report.responses} official responses, "
        f"{report.versions} draft versions ({report.sections} sections, {report.links} input "
        f"links), {report.projects} projects ({report.milestones} milestones) added."
    )
    return 0


async def _welcome(database_url: str, settings: Settings) -> int:
    from participation.welcome import welcome

    async with open_database(database_url):
        print(await welcome(settings))
    return 0


def _read_password() -> str:
    """From standard input when it is piped, else from a prompt that does not echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise SystemExit("The two passwords differ.")
    return first


async def _create_user(database_url: str, args: argparse.Namespace) -> int:
    from participation.accounts.commands import CommandError, create_user

    password = _read_password()
    async with open_database(database_url):
        try:
            user = await create_user(
                email=args.email,
                role=args.role,
                password=password,
                display_name=args.name,
                organization_slug=args.organization,
                masterplan_slugs=args.masterplan or [],
            )
        except CommandError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    print(f"Created {user.email} ({user.role.value}).")
    return 0


async def _invite(database_url: str, settings: Settings, args: argparse.Namespace) -> int:
    from participation.accounts.invitations import invite
    from participation.accounts.models import Organization
    from participation.forms import ValidationFailed

    async with open_database(database_url):
        organization = await Organization.get_or_none(slug=args.organization)
        if organization is None:
            print(f"error: no organisation {args.organization!r}", file=sys.stderr)
            return 1
        try:
            link = await invite(
                organization=organization,
                email=args.email,
                invited_by=None,
                base_url=settings.base_url,
                make_admin=args.admin,
            )
        except ValidationFailed as failed:
            print(f"error: {failed}", file=sys.stderr)
            return 1
    print(link)
    return 0


async def _send_mail(database_url: str, settings: Settings) -> int:
    from participation.mail.worker import drain_once

    async with open_database(database_url):
        report = await drain_once(settings.mail)
    print(f"Mail: {report.sent} sent, {report.retried} to retry, {report.failed} failed.")
    return 0


async def _send_digests(database_url: str, settings: Settings) -> int:
    from datetime import UTC, datetime

    from participation.notifications.services import send_daily_digests

    async with open_database(database_url):
        queued = await send_daily_digests(base_url=settings.base_url, now=datetime.now(UTC))
    print(f"Daily digests: {queued} e-mails queued.")
    return 0


async def _tidy(database_url: str) -> int:
    from participation.housekeeping import tidy

    async with open_database(database_url):
        tidied = await tidy()
    print(
        f"Deleted {tidied.sessions} expired sign-ins and "
        f"{tidied.throttle_counts} stale sign-in/mail counts."
    )
    return 0


async def _switch_phases(database_url: str, settings: Settings) -> int:
    from participation.planning.phase_switch import switch_due

    async with open_database(database_url):
        report = await switch_due(base_url=settings.base_url)
    for line in report.switched:
        print(f"Switched {line}")
    for line in report.skipped:
        print(f"Skipped {line}")
    print(f"Phases: {len(report.switched)} switched, {len(report.skipped)} skipped.")
    return 0


async def _export(database_url: str, settings: Settings, args: argparse.Namespace) -> int:
    from participation.exports.options import Format, OptionError, read_options
    from participation.exports.services import export_with_options, resolve_scope
    from participation.i18n import language
    from participation.masterplans.models import Masterplan
    from participation.proposals.models import Proposal

    try:
        options = read_options(
            Format(args.format),
            flavour=args.flavour or ("de" if args.semicolon else ""),
            field=args.field or "",
            statuses=args.status or (),
            sort=args.sort or "",
        )
    except OptionError as error:
        print(f"error: --{error.parameter}: {error.message}", file=sys.stderr)
        return 1
    async with open_database(database_url):
        masterplan = await Masterplan.get_or_none(slug=args.masterplan)
        if masterplan is None:
            print(f"error: no masterplan {args.masterplan!r}", file=sys.stderr)
            return 1
        try:
            scope = await resolve_scope(masterplan, options)
        except OptionError:
            print(f"error: no field of action {args.field!r}", file=sys.stderr)
            return 1
        query = Proposal.filter(masterplan_id=masterplan.id, status__in=scope.statuses)
        if scope.field_of_action is not None:
            query = query.filter(field_of_action_id=scope.field_of_action.id)
        total = await query.count()
        progress = Progress(total, enabled=not args.quiet and sys.stderr.isatty())
        with language(args.language):
            result = await export_with_options(
                masterplan=masterplan,
                options=options,
                base_url=settings.base_url,
                on_row=progress.advance,
            )
            target = Path(args.output or result.filename)
            # The command's own file, written as the pieces come: nothing else runs in this loop.
            with target.open("wb") as output:  # noqa: ASYNC230
                async for piece in result.body:
                    output.write(piece if isinstance(piece, bytes) else piece.encode())
        progress.done()
    print(f"Exported {total} proposals to {target}.")
    return 0


async def _report(database_url: str, settings: Settings, args: argparse.Namespace) -> int:
    from participation.masterplans.models import Masterplan
    from participation.reports.council import council_report
    from participation.reports.markdown import report_markdown
    from participation.reports.pdf import report_pdf

    async with open_database(database_url):
        masterplan = None
        if args.masterplan:
            masterplan = await Masterplan.get_or_none(slug=args.masterplan)
            if masterplan is None:
                print(f"error: no masterplan {args.masterplan!r}", file=sys.stderr)
                return 1
        progress = Progress(2, enabled=sys.stderr.isatty())
        report = await council_report(masterplan)
        progress.advance()
    target = Path(args.output)
    if target.suffix == ".md":
        document = report_markdown(report, base_url=settings.base_url)
        await asyncio.to_thread(target.write_text, document, encoding="utf-8")
    else:
        pdf = await asyncio.to_thread(report_pdf, report, base_url=settings.base_url)
        await asyncio.to_thread(target.write_bytes, pdf)
    progress.advance()
    progress.done()
    print(f"Council report written to {target}.")
    return 0


async def _generate_load_data(
    database_url: str, settings: Settings, args: argparse.Namespace
) -> int:
    from participation.loaddata import LoadDataError, LoadPlan, generate_load_data

    plan = LoadPlan(
        proposals=args.proposals,
        votes=args.votes,
        comments=args.comments,
        users=args.users,
        seed=args.seed,
        password=args.password,
        sessions=args.sessions,
        session_days=settings.session_days,
    )
    progress = Progress(plan.rows, enabled=not args.quiet and sys.stderr.isatty())
    async with open_database(database_url):
        try:
            report = await generate_load_data(plan, on_rows=progress.advance)
        except LoadDataError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    progress.done()
    if args.session_file:
        lines = "".join(f"{token}\n" for token in report.session_tokens)
        await asyncio.to_thread(Path(args.session_file).write_text, lines, encoding="utf-8")
    print(
        f"Load data: {report.users} people ({report.members} in {report.organizations} "
        f"organisations), {report.proposals} proposals, {report.votes} votes, "
        f"{report.comments} comments, {len(report.session_tokens)} sessions added "
        f"in {report.seconds:.1f} s."
    )
    return 0


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="participation", description=__doc__)
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the database migrations")
    seed = commands.add_parser("seed-demo", help="load the Dortmund demo data (idempotent)")
    seed.add_argument(
        "--if-empty", action="store_true", help="only load it into a database without masterplans"
    )
    commands.add_parser(
        "welcome", help="say where the app is, the demo password and where mails appear"
    )
    create = commands.add_parser(
        "create-user", help="create a person; the password comes from stdin or a prompt"
    )
    create.add_argument("email")
    create.add_argument(
        "--role", required=True, choices=["citizen", "partner", "moderator", "planner", "admin"]
    )
    create.add_argument("--name", help="display name (default: the part before the @)")
    create.add_argument("--organization", help="slug of the organisation (confirmed member)")
    create.add_argument(
        "--masterplan", action="append", help="slug of a masterplan the planner plans (repeatable)"
    )
    invite = commands.add_parser("invite", help="invite a partner and print the link")
    invite.add_argument("email")
    invite.add_argument("--organization", required=True, help="slug of the organisation")
    invite.add_argument("--admin", action="store_true", help="as the organisation's admin")
    commands.add_parser("send-mail", help="send the mail that is due in the outbox once")
    commands.add_parser(
        "send-digests", help="queue the daily digest for people who chose it (run once a day)"
    )
    commands.add_parser(
        "switch-phases",
        help="switch masterplans whose next phase starts today (for cron; the app does it too)",
    )
    commands.add_parser(
        "tidy",
        help="delete expired sign-ins and stale sign-in/mail counts (for cron; the app does it "
        "hourly too)",
    )
    export = commands.add_parser("export", help="write a masterplan's ranked input to a file")
    export.add_argument("--masterplan", required=True, help="slug of the masterplan")
    export.add_argument("--format", required=True, choices=["csv", "xlsx", "json", "md"])
    export.add_argument(
        "--flavour",
        choices=["de", "intl"],
        help="CSV for a German Excel (de: ';', decimal comma, DD.MM.YYYY) or international "
        "(intl, the default: ',', decimal point, ISO dates)",
    )
    export.add_argument("--semicolon", action="store_true", help="the same as --flavour de")
    export.add_argument("--field", help="slug of one field of action (default: all)")
    export.add_argument(
        "--status",
        action="append",
        choices=["published", "in_review", "adopted", "partially_adopted", "not_adopted"],
        help="only proposals of this status (repeatable; default: every public one)",
    )
    export.add_argument(
        "--sort",
        choices=["wilson", "rank", "balanced", "consensus", "supported", "net"],
        help="order of the rows (default: wilson, the public ranking)",
    )
    export.add_argument("--language", choices=["de", "en"], default="de", help="default: de")
    export.add_argument("-o", "--output", help="file name (default: slug and date)")
    export.add_argument("--quiet", action="store_true", help="no progress bar")
    report = commands.add_parser("report", help="write a report to a file")
    report.add_argument("kind", choices=["council"])
    report.add_argument("--masterplan", help="slug of one masterplan (default: all)")
    report.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.md")
    load = commands.add_parser(
        "generate-load-data",
        help="add generated people, proposals, votes and comments for load tests",
    )
    load.add_argument("--proposals", type=_count, default=100_000, help="default: 100000")
    load.add_argument("--votes", type=_count, default=1_000_000, help="default: 1000000")
    load.add_argument("--comments", type=_count, default=200_000, help="default: 200000")
    load.add_argument("--users", type=_count, default=50_000, help="default: 50000")
    load.add_argument("--seed", type=int, default=8, help="the same seed gives the same data")
    load.add_argument(
        "--password", default="load-data-password", help="every generated person's password"
    )
    load.add_argument(
        "--sessions", type=_count, default=0, help="sign in this many generated citizens"
    )
    load.add_argument("--session-file", help="write their cookie tokens here, one a line")
    load.add_argument("--quiet", action="store_true", help="no progress bar")
    add_masterplan_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    if args.command in LINKING:
        try:
            settings.check_links()
        except ConfigurationError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    database_url = args.database_url or settings.database_url
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    if args.command == "migrate":
        asyncio.run(migrate(database_url))
        print("Migrations applied.")
        return 0
    if args.command == "seed-demo":
        return asyncio.run(_seed_demo(database_url, args.if_empty))
    if args.command == "welcome":
        return asyncio.run(_welcome(database_url, settings))
    if args.command == "create-user":
        return asyncio.run(_create_user(database_url, args))
    if args.command == "invite":
        return asyncio.run(_invite(database_url, settings, args))
    if args.command == "send-mail":
        return asyncio.run(_send_mail(database_url, settings))
    if args.command == "send-digests":
        return asyncio.run(_send_digests(database_url, settings))
    if args.command == "switch-phases":
        return asyncio.run(_switch_phases(database_url, settings))
    if args.command == "tidy":
        return asyncio.run(_tidy(database_url))
    if args.command == "export":
        return asyncio.run(_export(database_url, settings, args))
    if args.command == "masterplan":
        return asyncio.run(run_masterplan_command(database_url, args))
    if args.command == "report":
        return asyncio.run(_report(database_url, settings, args))
    if args.command == "generate-load-data":
        if args.sessions and not args.session_file:
            raise SystemExit("error: --sessions needs --session-file")
        return asyncio.run(_generate_load_data(database_url, settings, args))
    return 2


if __name__ == "__main__":
    sys.exit(main())
