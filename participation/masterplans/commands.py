"""``participation masterplan export SLUG [-o FILE]`` and ``participation masterplan import FILE
[--slug NEW] [--title NEW]``: process templates on the command line, through the same
services as the admin page."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from participation.db import open_database


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("masterplan", help="export and import process templates")
    actions = group.add_subparsers(dest="masterplan_command", required=True)
    export = actions.add_parser(
        "export", help="write a masterplan's structure (no contributions) as a JSON template"
    )
    export.add_argument("slug", help="the masterplan's address, e.g. digitale-wirtschaft")
    export.add_argument("-o", "--output", help="file name (default: standard output)")
    imported = actions.add_parser("import", help="create a masterplan from a JSON template")
    imported.add_argument("file", help="the template file")
    imported.add_argument("--slug", default="", help="the new masterplan's address")
    imported.add_argument("--title", default="", help="the new masterplan's title")


async def run(database_url: str, args: argparse.Namespace) -> int:
    if args.masterplan_command == "export":
        return await _export(database_url, args.slug, args.output)
    return await _import(database_url, Path(args.file), args.slug, args.title)


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


async def _export(database_url: str, slug: str, output: str | None) -> int:
    from participation.masterplans.models import Masterplan
    from participation.masterplans.processes.services import dumps, export_process

    async with open_database(database_url):
        masterplan = await Masterplan.get_or_none(slug=slug[:80])
        if masterplan is None:
            return _error(f"no masterplan {slug!r}")
        text = dumps(await export_process(masterplan))
    if output is None:
        sys.stdout.write(text)
        return 0
    await asyncio.to_thread(Path(output).write_text, text, encoding="utf-8")
    print(f"Process template of {slug} written to {output}.", file=sys.stderr)
    return 0


async def _import(database_url: str, path: Path, slug: str, title: str) -> int:
    from participation.forms import ValidationFailed
    from participation.masterplans.processes.document import MAX_FILE_BYTES, TemplateRefused
    from participation.masterplans.processes.reading import read_file
    from participation.masterplans.processes.services import import_process

    try:
        raw = await asyncio.to_thread(_read_head, path, MAX_FILE_BYTES + 1)
    except OSError as problem:
        return _error(f"cannot read {path}: {problem.strerror or problem}")
    async with open_database(database_url):
        try:
            masterplan = await import_process(
                template=read_file(raw), by=None, slug=slug, title=title
            )
        except TemplateRefused as refused:
            return _error("\n".join(refused.problems))
        except ValidationFailed as failed:
            return _error("\n".join(failed.errors.values()))
    print(f"Created masterplan {masterplan.slug} ({masterplan.title}).")
    return 0


def _read_head(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes: a file too large is refused without reading all of it."""
    with path.open("rb") as handle:
        return handle.read(limit)
