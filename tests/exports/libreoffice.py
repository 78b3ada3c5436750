"""LibreOffice Calc, headless, as a German user has it: the real client the exports are for.

Each session gets a private profile whose locale is de-DE, so that Calc reads and writes
numbers and dates as a German installation does. Without ``soffice`` the tests that need it
are skipped, unless REQUIRE_LIBREOFFICE is set (CI sets it): then they fail.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import anyio
import pytest

# The Text Import dialog of a German Calc for our German CSV: separator ";" (59), text in
# double quotes (34), UTF-8 (76), from line 1, standard cell formats, language German (1031),
# quoted fields not forced to text, special numbers (dates) detected.
GERMAN_CSV_IMPORT = "CSV:59,34,76,1,,1031,false,true"
# The same dialog as it opens on a double click, untouched: "detect special numbers" is off,
# so Calc keeps dates as the text it reads (numbers are still numbers).
GERMAN_CSV_DEFAULTS = "CSV:59,34,76,1,,1031,false,false"
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>de-DE</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">
<value>de-DE</value></prop></item>
</oor:items>
"""
XLSX = "xlsx:Calc MS Excel 2007 XML"


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("REQUIRE_LIBREOFFICE"):
            pytest.fail("REQUIRE_LIBREOFFICE is set but soffice (LibreOffice) is not installed")
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-calc-nogui)")
    return found


def german_profile(folder: Path) -> str:
    """A fresh LibreOffice user profile in a de-DE locale; its URL for -env."""
    settings = folder / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(PROFILE_SETTINGS, encoding="utf-8")
    return folder.resolve().as_uri()


async def convert(
    source: Path, target: str, profile: str, *, infilter: str | None = None, name: str = ""
) -> Path:
    """``source`` converted by Calc to ``target`` ("xlsx", "pdf") in a folder of its own."""
    outdir = source.parent / f"converted-{name or source.suffix.lstrip('.')}"
    command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", XLSX if target == "xlsx" else target, "--outdir", str(outdir)]
    with anyio.fail_after(240):
        done = await anyio.run_process([*command, str(source)], check=True)
    converted = outdir / f"{source.stem}.{target}"
    assert converted.exists(), f"LibreOffice wrote no {converted.name}: {done.stderr!r}"
    return converted


# Calc's CSV export: comma, double quotes, UTF-8, German number reading, one sheet (the last
# token: its position). Much faster than writing an XLSX for a big sheet.
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1031,false,true,false,false,false,{sheet}"


async def sheet_as_csv(
    source: Path, profile: str, *, sheet: int = 1, infilter: str | None = None, name: str = ""
) -> list[list[str]]:
    """One sheet of ``source`` as Calc read it, through Calc's own CSV export."""
    outdir = source.parent / f"as-csv-{name or source.suffix.lstrip('.')}"
    command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", CSV_OUT.format(sheet=sheet), "--outdir", str(outdir)]
    with anyio.fail_after(240):
        await anyio.run_process([*command, str(source)], check=True)
    [written] = outdir.glob("*.csv")
    with written.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))
