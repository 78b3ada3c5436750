"""Timing a command as an operator runs it: wall clock and the child's own peak memory."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any


def timed_command(
    name: str, command: list[str], *, environment: dict[str, str], output: Path, log: Path
) -> dict[str, Any]:
    """Run ``command`` to its end. ``os.wait4`` gives this one child's peak RSS; the
    RUSAGE_CHILDREN figure would be the largest of every child so far, servers included."""
    output.unlink(missing_ok=True)
    with log.open("ab") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=environment, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "scenario": name,
        "kind": "command",
        "command": command,
        "exit_code": process.returncode,
        "seconds": seconds,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "output_bytes": output.stat().st_size if output.exists() else 0,
    }
