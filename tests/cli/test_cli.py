"""`chooser info` and `chooser areas` as a user or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import AF, REPO, run_cli


def test_info_json_on_the_embedded_snapshot():
    p = run_cli("info", "--json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["period"] == "2026-05"
    assert (d["contracts"], d["suppliers"], d["areas"]) == (756, 201, 64)
    assert d["grades"] == {"1": 79, "2": 266, "3": 207, "4": 85, "none": 119}
    assert d["at_risk"] is None  # AF did not publish RISKERAR HÄVNING for 2026-05
    assert d["grades_published"] == "2026-05"
    assert d["dataset"]["kind"] == "snapshot"
    files = {s["file"]: s for s in d["sources"]}
    assert files["resultat-2026-01.csv"]["origin"] == "resultatuppfoljning-2026-01.xlsx"


def test_info_text_dates_the_grades():
    p = run_cli("info")
    assert p.returncode == 0, p.stderr
    assert "May 2026" in p.stdout and "no grade yet" in p.stdout and "3 of 4" in p.stdout
    assert "not published by AF" in p.stdout
    assert "2025-01 – 2026-05 (9 periods)" in p.stdout  # the grade file, as a span
    assert max(len(line) for line in p.stdout.splitlines()) <= 80


def test_info_on_an_older_period_counts_at_risk(tmp_path):
    import shutil

    for name in ("resultat-2026-03.csv", "betyg-historik.csv"):
        shutil.copy(AF / name, tmp_path / name)
    d = json.loads(run_cli("info", "--json", "--data", str(tmp_path)).stdout)
    assert d["period"] == "2026-03" and d["at_risk"] == 117 and d["contracts"] == 800


def test_data_option_before_or_after_the_command():
    a = json.loads(run_cli("--data", str(AF), "info", "--json").stdout)
    b = json.loads(run_cli("info", "--json", "--data", str(AF)).stdout)
    assert a == b and a["dataset"]["kind"] == "directory" and a["contracts"] == 756


def test_areas_json_and_text():
    d = json.loads(run_cli("areas", "--json").stdout)
    assert len(d["areas"]) == 64 and sum(a["contracts"] for a in d["areas"]) == 756
    ludvika = next(a for a in d["areas"] if a["area"] == "Ludvika")
    assert ludvika["region"] == "Mitt" and ludvika["contracts"] >= ludvika["graded"]
    text = run_cli("areas").stdout
    assert "Ludvika" in text and text.splitlines()[-1].startswith("Östersund")


def test_command_line_does_not_import_textual():
    code = ("import sys; from chooser.cli.main import main; main(['info', '--json']); "
            "main(['areas']); assert 'textual' not in sys.modules, 'textual imported'")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert p.returncode == 0, p.stderr


def test_usage_errors_exit_2_without_traceback():
    p = run_cli("info", "--no-such-option")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_chooser_without_a_terminal_shows_the_data_and_the_commands():
    """The README's first command, as CI runs it: no terminal, so no app, but the data
    the app would use is loaded and described, and the way on is named."""
    p = run_cli()
    assert p.returncode == 0, p.stderr
    assert "needs a terminal" in p.stdout
    assert "756 contracts" in p.stdout and "May 2026" in p.stdout
    assert "chooser rank --place Ludvika --level B" in p.stdout


def test_chooser_without_a_terminal_reports_bad_data(tmp_path):
    (tmp_path / "resultat-2026-05.csv").write_text("not;a;results;file\n", encoding="utf-8")
    p = run_cli("--data", str(tmp_path))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "resultat-2026-05.csv" in p.stderr


def test_version_names_chooser_every_component_and_the_data():
    import chooser
    from chooser.cli.main import COMPONENTS

    p = run_cli("--version")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == f"chooser {chooser.__version__}"
    for name in COMPONENTS:  # each with a version number (or "not installed")
        line = next(x for x in lines if x.split()[0] == name)
        assert any(c.isdigit() for c in line) or "not installed" in line
    assert any(x.startswith("data: snapshot, AF results 2026-05") for x in lines)


def test_version_loads_no_interface_or_network_code():
    code = ("import sys; from chooser.cli.main import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "assert 'textual' not in sys.modules and 'httpx' not in sys.modules")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert p.returncode == 0, p.stderr
