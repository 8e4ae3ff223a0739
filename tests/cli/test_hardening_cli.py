"""Issue 17, group 4: JSON, the store, the configuration and the command line's numbers:
one paragraph and exit 2 (or the command's own code), never a traceback."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import REPO, clean_failure, run_cli

SNAPSHOT = REPO / "data" / "snapshot"


def _snapshot(tmp_path, name="d"):
    d = tmp_path / name
    shutil.copytree(SNAPSHOT, d)
    return d


@pytest.mark.parametrize(("file", "text", "words"), [
    pytest.param("kontor.json", "[" * 100_000 + "]" * 100_000, "deep", id="offices-deep"),
    pytest.param("kontor.json", '{"leverantorer":[{"id":' + "9" * 5000 + ',"adresser":[]}]}',
                 "digits", id="offices-5000-digit-id"),
    pytest.param("kontor.json", '{"leverantorer":[{"id":1,"adresser":[{"koordinater":'
                 '{"latitud":NaN,"longitud":1}}]}]}', "NaN", id="offices-NaN"),
    pytest.param("manifest.json", "[" * 100_000 + "]" * 100_000, "deep", id="manifest-deep"),
    pytest.param("manifest.json", '{"kind": ' + "1" * 5000 + "}", "digits",
                 id="manifest-5000-digits"),
    pytest.param("manifest.json", '{"kind": "update", "files": []}', "files",
                 id="manifest-files-list"),
    pytest.param("manifest.json", '{"kind": 5}', "kind", id="manifest-kind-number"),
])
def test_bad_json_is_one_paragraph(tmp_path, file, text, words):
    d = _snapshot(tmp_path)
    (d / file).write_text(text, encoding="utf-8")
    clean_failure(run_cli("info", "--data", str(d)), 2, file, words)


def _store(tmp_path, pointer: bytes | None) -> str:
    root = tmp_path / "home" / "data"
    shutil.copytree(SNAPSHOT, root / "datasets" / "20260101T000000Z-1")
    if pointer is None:
        (root / "current").mkdir()
    else:
        (root / "current").write_bytes(pointer)
    return str(tmp_path / "home")


@pytest.mark.parametrize("pointer", [b"\xff\xfe", None, b"../../etc\n", b"x" * 10_000])
def test_a_broken_current_pointer_is_not_fatal(tmp_path, pointer):
    """The user's own store, or one named with --data: a paragraph naming the pointer and
    how to repair it (not the embedded snapshot instead, which would hide the updates)."""
    home = _store(tmp_path, pointer)
    clean_failure(run_cli("info", "--json", env={"CHOOSER_HOME": home}), 2, "current",
                  "chooser update")
    clean_failure(run_cli("info", "--data", os.path.join(home, "data")), 2, "current")


@pytest.mark.parametrize("args", [
    ("rank", "--area", "Ludvika", "--max-km", "inf"),
    ("rank", "--area", "Ludvika", "--max-km", "nan"),
    ("rank", "--area", "Ludvika", "--max-km", "1e309"),
    ("rank", "--area", "Ludvika", "--top", str(10**20)),
    ("places", "Ludvika", "--limit", "-1"),
    ("places", "Ludvika", "--limit", "0"),
    ("places", "Ludvika", "--limit", str(10**20)),
    ("fallback", "--area", "Ludvika", "--reach-km", "nan"),
    ("fallback", "--area", "Ludvika", "--reach-km", "-1"),
    ("fallback", "--area", "Ludvika", "--reach-factor", "inf"),
    ("simulate", "--participants", "/"),
    ("update", "--store", "{tmp}/s", "--base-url", "http://[::1"),
    ("update", "--store", "{tmp}/s", "--base-url", "http://host:99999"),
    ("update", "--store", "{tmp}/s", "--pause", "inf"),
    ("update", "--store", "{tmp}/s", "--timeout", "1e309"),
    ("update", "--store", "{tmp}/s", "--deadline", "nan"),
    ("serve", "--max-sessions", "0"),
    ("kiosk", "--idle", "nan"),
    ("serve", "--port", str(10**20)),
], ids=lambda a: " ".join(a)[:60])
def test_numbers_and_paths_on_the_command_line_are_checked(tmp_path, args):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    p = run_cli(*args)
    word = "is a directory" if args[0] == "simulate" else args[-2]
    clean_failure(p, 2, word)


def test_nan_reach_no_longer_claims_no_contract_takes_participants():
    """`fallback --reach-km nan` said "no contract in this area takes new participants"
    with exit 0, which was false."""
    p = run_cli("fallback", "--area", "Ludvika", "--reach-km", "nan")
    clean_failure(p, 2, "--reach-km")
    assert "takes new participants" not in p.stdout + p.stderr


@pytest.mark.parametrize(("content", "words"), [
    pytest.param(b"\xff\xfe[update]\n", "UTF-8", id="not-utf8"),
    pytest.param(b"a = " + b"[" * 100_000 + b"]" * 100_000, "TOML", id="nested"),
    pytest.param(b"[update]\nkeep = " + b"9" * 5000 + b"\n", "TOML", id="5000-digits"),
    pytest.param(b'[update]\nstore = "a\\u0000b"\n', "store", id="nul-in-store"),
    pytest.param(b"[update]\npause = inf\n", "pause", id="pause-inf"),
    pytest.param(b"[update]\ntimeout = nan\n", "timeout", id="timeout-nan"),
])
def test_a_bad_configuration_file(tmp_path, content, words):
    cfg = tmp_path / "config.toml"
    cfg.write_bytes(content)
    p = run_cli("update", "--config", str(cfg), "--store", str(tmp_path / "s"))
    clean_failure(p, 2, "config.toml", words)


def test_a_store_named_in_the_configuration_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[update]\nstore = "{f}"\n', encoding="utf-8")
    clean_failure(run_cli("update", "--config", str(cfg), "--base-url",
                          "http://127.0.0.1:9"), 2, "cannot be written")


OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # "set the clipboard to 'evil'"


def test_control_characters_in_data_never_reach_the_terminal(tmp_path):
    """A supplier name carrying OSC 52 (set the clipboard) and a colour sequence: the
    name is shown, the sequences are not, in text, JSON and error messages."""
    import csv

    from tests.conftest import AF, read_rows

    d = tmp_path / "data"
    d.mkdir()
    rows = read_rows(AF / "resultat-2026-05.csv")
    name = rows[0].index("LEVERANTÖRNAMN")
    ludvika = [r for r in rows[1:] if r[1] == "Ludvika"]
    ludvika[0][name] = f"Evil{OSC52} AB\x1b[31m\u202e"
    with open(d / "resultat.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    for args in (("rank", "--area", "Ludvika"), ("rank", "--area", "Ludvika", "--json")):
        p = run_cli(*args, "--data", str(d))
        assert p.returncode == 0, p.stderr
        assert "Evil" in p.stdout and "\x1b" not in p.stdout and "\x07" not in p.stdout
        assert "\u202e" not in p.stdout
    p = run_cli("rank", "--data", str(d), "--area", f"Lud{OSC52}")
    assert p.returncode == 2 and "\x1b" not in p.stderr and "\x07" not in p.stderr


def test_a_store_that_is_a_file_or_unwritable(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    clean_failure(run_cli("update", "--store", str(f / "under"), "--base-url",
                          "http://127.0.0.1:9"), 2, "is a file")
    clean_failure(run_cli("update", "--store", "/proc/chooser", "--base-url",
                          "http://127.0.0.1:9"), 2, "cannot be written")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as root: permissions do not bind")
        clean_failure(run_cli("update", "--store", str(ro), "--base-url",
                              "http://127.0.0.1:9"), 2, "not writable")
    finally:
        ro.chmod(0o700)
