"""schemathesis against /api/openapi.json on a live server with the Dortmund demo data, as an
outside tester runs it: its command line with every check, valid and invalid requests
(``--mode all``), every phase (coverage, fuzzing, stateful). Every answer must match the
document (status, content type, schema, headers), no request the document forbids may be
accepted (an empty ``?status=`` included), and none may be a server error.

The seed is fixed so that a run in CI is repeatable; change it to explore further."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.live import BIN_DIR

SEED = "20261203"


def test_the_api_answers_as_its_openapi_document_says(live_server: str, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            str(BIN_DIR / "st"),
            "run",
            f"{live_server}/api/openapi.json",
            "--url",
            live_server,
            "--checks",
            "all",
            "--mode",
            "all",
            "--max-examples",
            "60",
            "--seed",
            SEED,
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,  # its cache of found crashes stays out of the checkout
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 7" in run.stdout  # every operation, none skipped
