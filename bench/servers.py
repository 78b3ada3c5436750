"""Start and stop the servers under test: uvicorn with the settings production uses."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_environment(database_url: str) -> dict[str, str]:
    """A production configuration (no debug, a real secret) that does not throttle the load:
    the API's per-client rate limit would otherwise answer our one client with 429s."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "ENVIRONMENT", "SECRET_KEY")
    }
    environment.update(
        DATABASE_URL=database_url,
        ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        BASE_URL="https://beteiligung.example",  # production refuses to start without one
        API_RATE="1000000",
        API_BURST="1000000",
        MAIL_BACKEND="console",
    )
    return environment


class Server:
    """``uvicorn APP`` on a free loopback port, from the project's folder, until the block ends.

    The same flags for the hello-world ceiling and the app, so their ratio is the app's cost.
    """

    def __init__(
        self,
        app: str,
        *,
        workers: int,
        environment: dict[str, str],
        log: Path,
        ready_path: str = "/healthz",
    ) -> None:
        self.app = app
        self.workers = workers
        self.environment = environment
        self.log = log
        self.ready_path = ready_path
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            self.app,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--no-access-log",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
        ]

    def __enter__(self) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.environment, stdout=log, stderr=log
            )
        try:
            self._wait_ready(timeout=60.0)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_ready(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}{self.ready_path}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.app} exited at start; see {self.log}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{self.app} did not answer {self.ready_path}; see {self.log}")
        if self.workers > 1:
            time.sleep(1.0 + 0.25 * self.workers)  # the other workers start beside the first

    def stop(self) -> None:
        """SIGTERM, as a supervisor stops it: uvicorn finishes the requests in flight."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time the server's processes have used so far (user and system)."""
        if self.process is None:
            return 0.0
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *_children(self.process.pid)])

    def peak_memory_mib(self) -> float | None:
        """Peak resident memory (VmHWM) of the server's processes added up: uvicorn and its
        worker processes, if it has any."""
        if self.process is None:
            return None
        pids = [self.process.pid, *_children(self.process.pid)]
        kib = sum(_vm_hwm_kib(pid) for pid in pids)
        return kib / 1024 if kib else None


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def processes_cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time each of these processes has used so far (those still running)."""
    return {pid: _cpu_seconds(pid) for pid in pids if Path(f"/proc/{pid}").exists()}


def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def machine_busy_seconds() -> float:
    """CPU time every core of the machine has spent busy since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS  # guest time is already in user


def _vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
