"""The command line in the person's language: argument errors translated, counts that
must be 1 or more refused, unknown language codes refused with the list, plurals, and
supplier names where a KA number alone says nothing."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


@pytest.mark.parametrize(("args", "swedish"), [
    (["rank", "--level", "B"], "ett av argumenten --place --at --area krävs"),
    (["places", "Göteborg", "--limit", "0"], 'väntade ett heltal från 1 till 100, fick "0"'),
    (["rank", "--area", "Ludvika", "--top", "0"], 'väntade ett heltal från 1 till 100000, fick'),
    (["rank", "--area", "Ludvika", "--top", "x"], 'väntade ett heltal från 1 till 100000, fick'),
    (["rank", "--area", "Ludvika", "--max-km", "-3"], "väntade ett tal över 0 och högst"),
    (["rank", "--area", "Ludvika", "--level", "D"], 'väntade A, B eller C, fick "D"'),
    (["rank", "--at", "norr", "--level", "B"], "väntade LAT,LON i decimalgrader"),
])
def test_argument_errors_in_the_chosen_language(args, swedish):
    p = run_cli("--lang", "sv", *args)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert swedish in p.stderr, p.stderr
    assert "expected" not in p.stderr and "required" not in p.stderr
    assert "listar alternativen" in p.stderr or "Traceback" not in p.stderr


def test_limit_honoured():
    p = run_cli("places", "Göteborg", "--limit", "1")
    matches = [line for line in p.stdout.splitlines() if line and not line.startswith(" ")]
    assert p.returncode == 0 and len(matches) == 1  # (indented lines say why its area)
    assert p.stdout.startswith("Göteborg")


def test_unknown_language_code_refused_with_the_list():
    p = run_cli("--lang", "sv", "rank", "--area", "Ludvika", "--lang", "xx")
    assert p.returncode == 2
    assert '"xx" är ingen språkkod' in p.stderr
    assert "ar, " in p.stderr and "ti, " in p.stderr  # the codes it knows
    assert "okänt" not in p.stdout  # no "offers xx: unknown" list


def test_simulate_counts_one_participant(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("ID;KOMMUN;NIVÅ\n1;Ludvika;B\n", encoding="utf-8")
    p = run_cli("simulate", "--participants", str(one))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("1 participant, ")
    p = run_cli("--lang", "sv", "simulate", "--participants", str(one))
    assert p.stdout.startswith("1 deltagare, ")


def test_help_ends_with_the_words_the_app_explains():
    from chooser.text.glossary import GLOSSARY
    from chooser.text.i18n import _, in_language

    p = run_cli("--lang", "so", "--help")
    assert p.returncode == 0
    with in_language("so"):
        first = _(GLOSSARY["level"]).split()[:4]
    assert " ".join(first) in " ".join(p.stdout.split())
    assert "Haddii aadan dooran, AF ayaa kuu dooranaysa" in " ".join(p.stdout.split())


def test_places_counts_the_contracts_the_list_shows():
    """"N contracts of this area have offices in Ludvika" counts the dataset's current
    contracts (the list then shows them), not every contract of the office list the
    table was built from (it said 5 where the list showed 2)."""
    import json

    from tests.conftest import run_cli

    found = json.loads(run_cli("places", "Ludvika", "--limit", "1", "--json").stdout)
    ev = found["matches"][0]["evidence"][0]
    ranked = json.loads(run_cli("rank", "--area", "Ludvika", "--json").stdout)["ranked"]
    from chooser.storage.load import load_directory
    from chooser.storage.paths import snapshot_dir

    ds = load_directory(snapshot_dir())
    with_office = [r for r in ranked if any(o.town == "Ludvika" or o.postcode.startswith("771")
                                            for o in ds.offices.get(r["ka"], ()))]
    assert ev["current_contracts"] == len(with_office) == 2 < ev["contracts"]
    assert ev["words"] == "Ludvika: 2 contracts of this area have offices in Ludvika (sure)"
    text = run_cli("places", "Ludvika", "--limit", "1").stdout
    assert "2 contracts of this area have offices in Ludvika" in text
