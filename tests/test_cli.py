from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTICIPATION = str(Path(sys.executable).parent / "participation")


def _run(*args: str, database: Path, cwd: Path = ROOT) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}"}
    result = subprocess.run(
        [PARTICIPATION, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_migrate_then_seed_demo_if_empty_loads_the_demo_once(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "demo.sqlite3"
    assert "Migrations applied" in _run("migrate", database=database)
    first = _run("seed-demo", "--if-empty", database=database)
    assert "3 masterplans" in first and "24 proposals" in first
    assert "not loaded" in _run("seed-demo", "--if-empty", database=database)
    assert "0 proposals" in _run("seed-demo", database=database)


def _run_with_input(*args: str, database: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}"}
    return subprocess.run(
        [PARTICIPATION, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )


def test_create_user_reads_the_password_from_stdin_and_sets_role_and_organisation(
    tmp_path: Path,
) -> None:
    database = tmp_path / "people.sqlite3"
    _run("migrate", database=database)
    _run("seed-demo", database=database)
    result = _run_with_input(
        "create-user",
        "neu.planerin@example.org",
        "--role",
        "planner",
        "--organization",
        "dosys",
        "--masterplan",
        "digitale-stadtverwaltung",
        database=database,
        stdin="Rathaus Friedensplatz Laterne Morgen\n",
    )
    assert result.returncode == 0, result.stderr
    assert "neu.planerin@example.org (planner)" in result.stdout
    again = _run_with_input(
        "create-user",
        "neu.planerin@example.org",
        "--role",
        "citizen",
        database=database,
        stdin="Rathaus Friedensplatz Laterne Morgen\n",
    )
    assert again.returncode == 1 and "has an account already" in again.stderr
    weak = _run_with_input(
        "create-user",
        "schwach@example.org",
        "--role",
        "citizen",
        database=database,
        stdin="passwort\n",
    )
    assert weak.returncode == 1
    partner = _run_with_input(
        "create-user",
        "p@example.org",
        "--role",
        "partner",
        database=database,
        stdin="Rathaus Friedensplatz Laterne Morgen\n",
    )
    assert partner.returncode == 1 and "--organization" in partner.stderr


def test_invite_prints_a_link_and_send_mail_drains_the_outbox(tmp_path: Path) -> None:
    database = tmp_path / "invite.sqlite3"
    _run("migrate", database=database)
    _run("seed-demo", database=database)
    link = _run(
        "invite",
        "kollegin@example.org",
        "--organization",
        "fraunhofer-isst",
        "--admin",
        database=database,
    ).strip()
    assert "/account/invitation/" in link
    sent = _run("send-mail", database=database)
    assert "kollegin@example.org" in sent and link in sent  # the console sender prints it
    assert "1 sent" in sent


def test_export_writes_the_ranked_input_of_a_masterplan_to_a_file(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    database = tmp_path / "demo.sqlite3"
    _run("migrate", database=database)
    _run("seed-demo", database=database)
    target = tmp_path / "wirtschaft.xlsx"
    out = _run(
        "export",
        "--masterplan",
        "digitale-wirtschaft",
        "--format",
        "xlsx",
        "-o",
        str(target),
        database=database,
    )
    assert f"to {target}" in out
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames[0] == "Erläuterungen"
    overview = workbook.worksheets[1]
    rows = sum(1 for _ in overview.iter_rows(values_only=True))
    assert rows - 1 == int(out.split("Exported ")[1].split()[0]) > 0
    workbook.close()


def test_export_takes_the_panels_choices_and_names_the_german_csv(tmp_path: Path) -> None:
    import csv
    import io

    database = tmp_path / "demo.sqlite3"
    _run("migrate", database=database)
    _run("seed-demo", database=database)
    choices = ["--masterplan", "digitale-stadtverwaltung", "--format", "csv"]
    narrowed = [*choices, "--status", "published", "--status", "in_review", "--sort", "net"]
    out = _run("export", *narrowed, "--flavour", "de", database=database, cwd=tmp_path)
    [written] = tmp_path.glob("digitale-stadtverwaltung-*-excel-deutsch.csv")
    assert f"to {written.name}" in out
    text = written.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    net = rows[0].index("Saldo")
    assert [int(row[net]) for row in rows[1:]] == sorted(
        (int(r[net]) for r in rows[1:]), reverse=True
    )
    assert {row[rows[0].index("Status")] for row in rows[1:]} <= {"Veröffentlicht", "In Prüfung"}
    alias = tmp_path / "alias.csv"
    _run("export", *choices, "--semicolon", "-o", str(alias), database=database)
    assert alias.read_bytes().decode("utf-8-sig").startswith("Rang;Nummer;")
    refused = _run_with_input(
        "export", *choices, "--field", "gibt-es-nicht", database=database, stdin=""
    )
    assert refused.returncode == 1 and "no field of action" in refused.stderr


def test_report_council_writes_the_pdf_of_one_masterplan(tmp_path: Path) -> None:
    from pypdf import PdfReader

    database = tmp_path / "demo.sqlite3"
    _run("migrate", database=database)
    _run("seed-demo", database=database)
    target = tmp_path / "ratsbericht.pdf"
    out = _run(
        "report",
        "council",
        "--masterplan",
        "digitale-bildung",
        "-o",
        str(target),
        database=database,
    )
    assert f"to {target}" in out
    text = PdfReader(target).pages[0].extract_text()
    assert "Ratsbericht\nMasterplan Digitale Bildung" in text  # the cover


def test_masterplan_export_writes_a_template_and_import_creates_a_masterplan_from_it(
    tmp_path: Path,
) -> None:
    database = tmp_path / "processes.sqlite3"
    _run("migrate", database=database)
    _run("seed-demo", database=database)
    template = tmp_path / "bildung.json"
    _run("masterplan", "export", "digitale-bildung", "-o", str(template), database=database)
    document = json.loads(template.read_text(encoding="utf-8"))
    assert document["format"] == "participation-process" and document["version"] == 1
    assert document["masterplan"]["title"] == "Masterplan Digitale Bildung"
    assert "Medienkompetenz" in [f["title"] for f in document["fields_of_action"]]
    printed = json.loads(_run("masterplan", "export", "digitale-bildung", database=database))
    assert printed == document
    taken = _run_with_input("masterplan", "import", str(template), database=database, stdin="")
    assert taken.returncode == 1 and "digitale-bildung" in taken.stderr
    created = _run(
        "masterplan",
        "import",
        str(template),
        "--slug",
        "digitale-bildung-hamm",
        "--title",
        "Masterplan Digitale Bildung Hamm",
        database=database,
    )
    assert "digitale-bildung-hamm" in created
    again = json.loads(_run("masterplan", "export", "digitale-bildung-hamm", database=database))
    assert again["fields_of_action"] == document["fields_of_action"]
    assert again["phases"] == document["phases"] and again["settings"] == document["settings"]
    assert again["masterplan"]["title"] == "Masterplan Digitale Bildung Hamm"


def test_masterplan_import_refuses_a_bad_file_and_export_an_unknown_masterplan(
    tmp_path: Path,
) -> None:
    database = tmp_path / "refusals.sqlite3"
    _run("migrate", database=database)
    not_json = tmp_path / "notiz.json"
    not_json.write_text("Masterplan: Gesundheit", encoding="utf-8")
    unknown_key = tmp_path / "vorlage.json"
    document = json.loads(
        (ROOT / "participation" / "demo" / "processes" / "digitale-wirtschaft.json").read_text()
    )
    unknown_key.write_text(json.dumps({**document, "colour": "blau"}), encoding="utf-8")
    for path, message in ((not_json, "JSON"), (unknown_key, "colour"), (tmp_path / "nix", "nix")):
        result = _run_with_input("masterplan", "import", str(path), database=database, stdin="")
        assert result.returncode == 1 and message in result.stderr, result.stderr
    missing = _run_with_input("masterplan", "export", "gibt-es-nicht", database=database, stdin="")
    assert missing.returncode == 1 and "gibt-es-nicht" in missing.stderr
    assert "0 masterplans" not in _run("seed-demo", database=database)  # nothing stored before
