"""The Nu HTML Checker (npm `vnu-jar`, run with Java): the W3C's validator, offline.

Without Java the tests that need it are skipped, unless REQUIRE_JAVA is set (CI sets it):
then they fail. The jar comes with the npm packages `make setup` installs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from participation.settings import BASE_DIR

VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def java() -> str:
    """The java program; skips the test (or fails it under REQUIRE_JAVA) without one."""
    found = shutil.which("java")
    if found is None:
        if os.environ.get("REQUIRE_JAVA"):
            pytest.fail("REQUIRE_JAVA is set but java is not installed")
        pytest.skip("Java is not installed (Debian: default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `make setup` (npm ci installs vnu-jar)")
    return found


@dataclass(frozen=True)
class Message:
    file: Path
    line: int | None
    column: int | None
    text: str
    extract: str


def check(files: list[Path]) -> list[Message]:
    """The errors the checker finds in these HTML files, in one run of the JVM."""
    if not files:
        return []
    result = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"vnu did not answer in JSON:\n{result.stderr[-2000:]}") from None
    messages = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        messages.append(
            Message(
                file=Path(url.removeprefix("file:")),
                line=message.get("lastLine"),
                column=message.get("lastColumn"),
                text=message.get("message", ""),
                extract=message.get("extract", "").strip(),
            )
        )
    return messages
