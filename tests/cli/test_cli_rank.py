"""`chooser rank` and `chooser fallback` as scripts and people use them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, run_cli

RANKED_KEYS = {"rank", "ka", "supplier", "area", "grade", "grade_published", "score",
               "distance_km", "reasons"}
BRIEF_KEYS = {"ka", "supplier", "distance_km", "grade"}


def _json(*args: str) -> dict:
    p = run_cli(*args, "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_rank_json_keys_are_the_promised_contract():
    d = _json("rank", "--demo", "--place", "Ludvika", "--level", "B", "--lang", "ar,so",
              "--max-km", "30")
    assert {"area", "period", "level", "ranked", "excluded"} <= set(d)
    assert d["area"] == "Demo Bergslagen" and d["period"] == "2026-05" and d["level"] == "B"
    for r in d["ranked"]:
        assert set(r) >= RANKED_KEYS
        assert r["grade"] is None or r["grade"] in (1, 2, 3, 4)
        assert isinstance(r["reasons"], list) and all(isinstance(x, str) for x in r["reasons"])
    assert [r["rank"] for r in d["ranked"]] == list(range(1, len(d["ranked"]) + 1))
    assert all(set(e) >= {"ka", "supplier", "reason"} for e in d["excluded"])
    reasons = {e["ka"]: e["reason"] for e in d["excluded"]}
    assert reasons["99000102"] == "nearest office 40 km away, beyond your 30 km"
    assert d["data"]["fictional"] is True


def test_rank_by_area_on_the_real_snapshot():
    d = _json("rank", "--area", "ludvika", "--level", "C")
    assert d["area"] == "Ludvika" and len(d["ranked"]) == 2
    top = d["ranked"][0]
    assert top["grade_published"] == "2026-05" and top["distance_km"] is None
    assert top["reasons"][0].endswith("in Ludvika (AF, May 2026)")
    assert top["evidence"]["work"]["n"] > 0
    assert d["data"]["fictional"] is False


def test_rank_at_coordinates_and_top():
    d = _json("rank", "--demo", "--at", "57.70,11.97", "--top", "2")
    assert d["area"] == "Demo Storstad" and len(d["ranked"]) == 2 and d["level"] is None
    assert d["total_ranked"] == 6


def test_fallback_json_keys_are_the_promised_contract():
    d = _json("fallback", "--demo", "--place", "Ludvika", "--level", "B")
    assert {"nearest", "recommended", "reasons"} <= set(d)
    assert set(d["nearest"]) >= BRIEF_KEYS and set(d["recommended"]) >= BRIEF_KEYS
    # Alfa (1 star, at risk) is nearest; the fallback moves only for a reliable gain
    assert d["nearest"]["ka"] == "99000101" and d["recommended"]["ka"] != "99000101"
    assert d["nearest"]["grade"] == 1 and d["moved"] and d["gain"]["low"] > 0
    assert d["expected"]["recommended"]["rate"] > d["expected"]["nearest"]["rate"]


def test_fallback_without_offices_has_no_nearest():
    d = _json("fallback", "--area", "Malmö", "--level", "A")
    assert d["nearest"] is None and d["area_level"] is True
    assert d["recommended"]["grade"] >= 2


def test_text_output_is_readable():
    p = run_cli("rank", "--demo", "--place", "Ludvika", "--level", "B")
    assert p.returncode == 0
    assert "FICTIONAL demo data" in p.stdout
    # Beta's 4 stars are 40 km away, beyond the 20 km reach: Gamma, 1.9 km, comes first
    assert "  1. Gamma Kompetens AB (fiktiv)  ★★★☆ 3 of 4  1.9 km" in p.stdout
    assert "  2. Beta Vägledning AB (fiktiv)  ★★★★ 4 of 4  40 km" in p.stdout
    assert "for level B: 18 of 50 got work or studies, 36%" in p.stdout
    assert "Not possible for you (2):" in p.stdout  # terminated, placement stop
    p = run_cli("fallback", "--demo", "--place", "Ludvika", "--level", "B")
    assert "AF's nearest-office rule: Alfa Jobbstöd AB (fiktiv)" in p.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["rank", "--area", "Ludvka"], "Did you mean: Ludvika"),
    (["rank", "--place", "Xyzzyqq"], "no place, postcode or municipality matches"),
    (["rank", "--at", "15.19,60.15"], "not in Sweden"),
    (["rank", "--at", "sixty,fifteen"], "expected LAT,LON"),
    (["rank", "--area", "Ludvika", "--level", "D"], "expected A, B or C"),
    (["rank", "--area", "Ludvika", "--lang", "arabic"], "is not a language code"),
    (["rank", "--area", "Ludvika", "--max-km", "-3"], "above 0 and at most 2000"),
    (["rank", "--demo", "--place", "Kiruna"], "no contracts there"),
    (["rank", "--demo", "--data", str(REPO / "data/snapshot"), "--area", "x"],
     "cannot be used together"),
    (["simulate", "--participants", "/no/such/file.csv"], "does not exist"),
])  # fmt: skip
def test_usage_errors_are_one_paragraph_and_exit_2(args, words):
    p = run_cli(*args)
    assert p.returncode == 2, p.stdout
    assert words in p.stderr and "Traceback" not in p.stderr
    assert p.stderr.count("\n") == 1


def test_rank_needs_a_location():
    p = run_cli("rank", "--level", "B")
    assert p.returncode == 2 and "one of the arguments --place --at --area is required" \
        in p.stderr


def test_ranking_commands_do_not_import_textual():
    code = ("import sys; from chooser.cli.main import main; "
            "main(['rank', '--area', 'Ludvika', '--json']); "
            "main(['fallback', '--demo', '--place', 'Falun']); "
            "assert 'textual' not in sys.modules, 'textual imported'")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert p.returncode == 0, p.stderr


def test_json_output_is_byte_for_byte_what_json_dumps_writes(demo_dataset):
    """print_json skips `import json` for speed; it must not change a byte."""
    from hypothesis import given
    from hypothesis import strategies as st

    from chooser.cli.common import dumps
    from chooser.cli.rank_output import ranking_dict
    from chooser.core.ranking import Needs, rank
    from chooser.geo.locate import by_area

    loc = by_area(demo_dataset, "Demo Bergslagen")
    real = ranking_dict(rank(demo_dataset, Needs(areas=loc.areas, level="B")), loc, None, {})
    assert dumps(real) == json.dumps(real, ensure_ascii=False)
    leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    values = st.recursive(leaves, lambda kids: st.lists(kids) | st.dictionaries(st.text(), kids))

    @given(values)
    def same(value: object) -> None:
        assert dumps(value) == json.dumps(value, ensure_ascii=False)

    same()
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"x": object()})
