"""The best-performer fallback against AF's nearest-office rule: the rules one person at a
time, the batch with capacity, and the properties a default must keep (capacity never
exceeded, nobody leaves their area, nobody moved without a reliable gain, determinism,
the single-person and batch views agree); and `chooser simulate`."""

from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chooser.core import capacity as capacity_model
from chooser.core.fallback import CONFIDENCE, estimate, fallback, gain, plan
from chooser.core.needs import Needs
from chooser.core.ranking import Ranker
from chooser.core.simulate import simulate
from chooser.core.verdict import verdict
from chooser.text.render import render
from tests.conftest import REPO, run_cli
from tests.core.test_ranking import LUDVIKA

BERGSLAGEN = ("Demo Bergslagen",)
TOWNS = [LUDVIKA, (60.4858, 15.43714), (60.60357, 15.62597), (60.14, 15.41),
         (57.70716, 11.96679), (63.1792, 14.63566), (57.87096, 11.98054), (57.6554, 12.01378)]
LEVELS = ["A", "B", "C", None]


@functools.cache
def _gazetteer(ds):
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer

    return gazetteer_for(ds, load_gazetteer())


def _needs_at(ds, town, level):
    from chooser.geo.locate import by_point

    loc = by_point(ds, _gazetteer(ds), *town)
    return Needs(loc.areas, loc.lat, loc.lon, level)


# --- one person --------------------------------------------------------------------------

def test_a_reliable_gain_moves_the_person_and_the_words_say_how_much(demo_dataset):
    fb = fallback(Ranker(demo_dataset), Needs(BERGSLAGEN, *LUDVIKA, "B"))
    assert fb.nearest.ka == "99000101"  # Alfa: 0.2 km, 1 star, at risk
    assert fb.recommended.ka != "99000101" and fb.moved
    assert fb.gain.low > 0 and fb.extra_km == pytest.approx(
        fb.recommended.distance_km - fb.nearest.distance_km)
    texts = [render(r) for r in fb.reasons]
    assert texts[0].startswith("AF's rule without a choice: Alfa Jobbstöd AB (fiktiv)")
    assert any(t.startswith("for level B, expected share getting work or studies: ")
               and "at the recommended contract" in t for t in texts)
    assert any(t.startswith("expected gain +") and "interval at 80 %" in t for t in texts)


def test_when_nothing_is_reliably_better_the_nearest_is_the_recommendation(demo_dataset):
    borlange = (60.4858, 15.43714)
    fb = fallback(Ranker(demo_dataset), Needs(BERGSLAGEN, *borlange, "B"))
    assert fb.nearest.ka == fb.recommended.ka == "99000102" and not fb.moved
    assert fb.gain is None and fb.extra_km is None
    assert "the nearest office is also the best choice we can see" in \
        [render(r) for r in fb.reasons]


def test_grade_one_is_never_recommended_while_a_two_star_is_reachable(demo_dataset):
    from tests.core.test_ranking import _changed

    # make Alfa (1 star, at risk) the best by results, and not the nearest
    alfa = demo_dataset.by_ka["99000101"]
    ds = _changed(demo_dataset, {"99000101": dict(rr1=alfa.n, rr2=alfa.n)})
    ranker = Ranker(ds, reference=demo_dataset)
    for town in TOWNS[:3]:
        fb = fallback(ranker, Needs(BERGSLAGEN, *town, "B"))
        if fb.moved:
            assert fb.recommended.ka != "99000101"
    smedjebacken = (60.14, 15.41)  # Gamma's office is nearest; Alfa's 12 km away
    p = plan(ranker, Needs(BERGSLAGEN, *smedjebacken, "B"))
    assert p.nearest.ka == "99000103" and p.avoided
    assert all(o.ka != "99000101" for o in p.moves)
    assert any("skips grade 1" in render(r) for r in fallback(
        ranker, Needs(BERGSLAGEN, *smedjebacken, "B")).reasons)


def test_without_offices_the_fallback_works_at_area_level_and_says_so(af_dataset):
    fb = fallback(Ranker(af_dataset), Needs(("Ludvika",), None, None, "B"))
    assert fb.nearest is None and fb.area_level
    assert "no office locations for this area" in render(fb.reasons[0])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(town=st.sampled_from(TOWNS), level=st.sampled_from(LEVELS))
def test_no_text_says_none_and_moves_keep_the_rules(demo_dataset, town, level):
    from chooser.cli.rank_output import fallback_text

    ranker = Ranker(demo_dataset)
    needs = _needs_at(demo_dataset, town, level)
    fb = fallback(ranker, needs)
    words = " ".join(render(r) for r in fb.reasons)
    assert "None" not in words
    loc = type("L", (), {"label": "x", "areas": needs.areas})()
    assert "None" not in fallback_text(fb, loc, level, demo_dataset.period, {})
    if fb.moved:
        assert fb.recommended.row.area == fb.nearest.row.area
        assert fb.recommended.distance_km <= max(20, 2 * fb.nearest.distance_km) + 1e-9
        again = gain(estimate(ranker, fb.recommended.row, level),
                     estimate(ranker, fb.nearest.row, level), CONFIDENCE)
        assert again.low > 0


# --- capacity ----------------------------------------------------------------------------

def test_intake_is_participants_per_month_and_the_limit_a_multiple(af_dataset):
    cap = capacity_model.estimate(af_dataset, 1000, headroom=1.5)
    row = max(af_dataset.contracts, key=lambda r: r.participants)
    assert cap.intake[row.ka] == row.participants / 12
    total = sum(r.participants for r in af_dataset.contracts) / 12
    assert cap.months == pytest.approx(1000 / (total * capacity_model.NONCHOOSER_SHARE))
    assert cap.limit(row.ka) == int(1.5 * row.participants / 12 * cap.months)
    assert capacity_model.estimate(af_dataset, 1000, headroom=None).limit(row.ka) is None
    assert capacity_model.estimate(af_dataset, 1000, flat=7).limit(row.ka) == 7


# --- the batch: properties ---------------------------------------------------------------

people_strategy = st.lists(st.tuples(st.sampled_from(TOWNS), st.sampled_from(LEVELS)),
                           min_size=1, max_size=80)


def _batch(ds, people):
    return [(str(i), _needs_at(ds, t, lv)) for i, (t, lv) in enumerate(people)]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people_strategy, headroom=st.sampled_from([0.05, 0.2, 0.5, 1.5]))
def test_batch_properties(demo_dataset, people, headroom):
    ranker = Ranker(demo_dataset)
    batch = _batch(demo_dataset, people)
    cap = capacity_model.estimate(demo_dataset, len(batch), headroom)
    sim = simulate(ranker, batch, cap)
    assigned = sim.assignments()
    # capacity: never above the limit, or above what AF's own rule sends (nobody is moved
    # for nothing just because their nearest contract is "full")
    for ka, n in sim.load.items():
        assert n <= max(cap.limit(ka), sim.nearest_load.get(ka, 0))
    assert sum(sim.load.values()) + sim.volume_baseline + sim.unassigned == len(batch)
    single = {}
    for a, (_pid, needs) in zip(assigned, batch, strict=True):
        if a.recommended is None:
            continue
        row = demo_dataset.by_ka[a.recommended]
        # nobody leaves their area; the area is the nearest office's
        assert row.area == a.area and row.area in needs.areas
        assert ranker.exclusion(row) is None
        if a.moved:  # nobody moved without a reliable gain, nor beyond reach
            near = demo_dataset.by_ka[a.nearest]
            assert gain(estimate(ranker, row, a.level), estimate(ranker, near, a.level),
                        CONFIDENCE).low > 0
            assert a.recommended_km <= max(20, 2 * a.nearest_km) + 1e-9
        if needs not in single:
            single[needs] = fallback(ranker, needs)
        best = single[needs].recommended.ka
        # the single-person view agrees: the same contract, or that one was (at least
        # half) full — the flow gives a person a lesser contract only for want of room
        if a.recommended != best:
            assert 2 * sim.load.get(best, 0) >= cap.limit(best)
    # deterministic: the same input, the same placements, from a fresh ranker too
    again = simulate(Ranker(demo_dataset), batch, cap).assignments()
    assert again == assigned


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people_strategy)
def test_without_capacity_the_batch_is_the_single_person_answer(demo_dataset, people):
    ranker = Ranker(demo_dataset)
    batch = _batch(demo_dataset, people)
    for cap in (None, capacity_model.estimate(demo_dataset, len(batch), None)):
        for a, (_pid, needs) in zip(simulate(ranker, batch, cap).assignments(), batch,
                                    strict=True):
            fb = fallback(ranker, needs)
            assert a.recommended == (fb.recommended.ka if fb.recommended else None)
            assert a.nearest == (fb.nearest.ka if fb.nearest else None)


def test_equals_share_the_load(demo_dataset):
    """Two contracts with the same evidence split the people once one is half full."""
    from tests.core.test_ranking import _changed

    gamma = demo_dataset.by_ka["99000103"]
    ds = _changed(demo_dataset, {"99000104": dict(n=gamma.n, rr1=gamma.rr1, rr2=gamma.rr2)},
                  {"99000104": 3})
    ranker = Ranker(ds, reference=demo_dataset)
    people = [(str(i), Needs(BERGSLAGEN, *LUDVIKA, "B")) for i in range(40)]
    p = plan(ranker, people[0][1])
    assert {o.ka for o in p.moves} >= {"99000103", "99000104"}
    cap = capacity_model.Capacity({"99000103": 1.0, "99000104": 1.0, "99000101": 1.0},
                                  40.0, 1.0)  # a limit of 40 each: room for everyone
    sim = simulate(ranker, people, cap)
    assert sim.load["99000103"] == sim.load["99000104"] == 20


def test_verdict_scores_with_a_later_dataset(demo_dataset):
    ranker = Ranker(demo_dataset)
    batch = _batch(demo_dataset, [(t, lv) for t in TOWNS[:3] for lv in LEVELS] * 3)
    sim = simulate(ranker, batch, capacity_model.estimate(demo_dataset, len(batch)))
    v = verdict(sim, ranker, demo_dataset)
    n = v.national
    assert n.people == len(batch) == sum(a.people for a in v.areas)
    assert n.expected_gain.mean == pytest.approx(
        n.expected_fallback.mean - n.expected_nearest.mean)
    assert n.expected_gain.low <= n.expected_gain.mean <= n.expected_gain.high
    assert n.realised_gain.mean == pytest.approx(
        n.realised_fallback.mean - n.realised_nearest.mean)
    assert n.moved == sum(a.moved for a in sim.assignments())
    assert verdict(sim, ranker).national.realised_gain is None


# --- chooser simulate --------------------------------------------------------------------

DEMO_PEOPLE = str(REPO / "data/examples/demo-deltagare.csv")


def test_simulate_command_on_the_demo_world(tmp_path):
    svg = tmp_path / "chart.svg"
    p = run_cli("simulate", "--demo", "--participants", DEMO_PEOPLE, "--json",
                "--plot", str(svg))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["participants"] == 10 and len(d["assigned"]) == 10
    assert {"id", "nearest_ka", "recommended_ka"} <= set(d["assigned"][0])
    assert d["headroom"] == 1.5 and d["national"]["people"] == 10
    for c in d["loads"]:
        assert c["fallback"] <= max(c["limit"], c["nearest"])
    assert 0 < d["expected"]["nearest"] <= d["expected"]["recommended"] < 1
    assert d["baseline"] == "nearest office" and d["data"]["fictional"]
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and len(root.findall(".//{*}circle")) >= 4


def test_simulate_text_csv_and_score_with():
    demo = str(REPO / "data/demo")
    p = run_cli("simulate", "--demo", "--participants", DEMO_PEOPLE, "--score-with", demo)
    assert p.returncode == 0, p.stderr
    assert "None" not in p.stdout and "realised (2026-05)" in p.stdout
    assert "Per delivery area:" in p.stdout and "KA 99" in p.stdout
    p = run_cli("simulate", "--demo", "--participants", DEMO_PEOPLE, "--csv")
    rows = p.stdout.splitlines()
    assert rows[0].startswith("area,people,moved,expected_nearest")
    assert rows[-1].startswith("Sverige,10,")


def test_simulate_on_real_data_uses_afs_nearest_office_rule(tmp_path, af_copy):
    f = tmp_path / "people.csv"
    f.write_text("ID;KOMMUN;NIVÅ\n1;Ludvika;B\n2;Kiruna;\n3;0180;C\n", encoding="utf-8")
    # the embedded data has AF's real offices (as of 2025-03-01)
    d = json.loads(run_cli("simulate", "--participants", str(f), "--json").stdout)
    assert d["baseline"] == "nearest office"
    assert all(a["nearest_ka"] for a in d["assigned"])
    # AF's results without an office file: the baseline says it is volume-proportional
    d = json.loads(run_cli("simulate", "--participants", str(f), "--json", "--data",
                           str(af_copy)).stdout)
    assert d["baseline"] == "volume-proportional"
    assert any("volume-proportional" in n for n in d["notes"])
    assert [a["nearest_ka"] for a in d["assigned"]] == [None, None, None]


def test_a_bad_participants_file_names_row_and_column(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("ID,KOMMUN,NIVÅ\n1,Ludvika,B\n2,Ludvka,D\n", encoding="utf-8")
    p = run_cli("simulate", "--participants", str(f))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert 'people.csv, row 3, column "NIVÅ"' in p.stderr
    f.write_text("ID,KOMMUN\n1,Ludvika\n2,Ludvka\n", encoding="utf-8")
    p = run_cli("simulate", "--participants", str(f))
    assert 'row 3, column "KOMMUN"' in p.stderr and "Ludvika" in p.stderr
    f.write_text("ID,LAT,LON\n1,15.19,60.15\n", encoding="utf-8")
    p = run_cli("simulate", "--participants", str(f))
    assert 'row 2, column "LAT"' in p.stderr and "not in Sweden" in p.stderr
    f.write_text("ID,KOMMUN,LEVERANSOMRÅDE\n1,Ludvika,Atlantis\n", encoding="utf-8")
    p = run_cli("simulate", "--participants", str(f))
    assert p.returncode == 2 and 'row 2, column "LEVERANSOMRÅDE"' in p.stderr
    p = run_cli("simulate", "--participants", DEMO_PEOPLE, "--demo", "--headroom", "0")
    assert p.returncode == 2 and "--headroom" in p.stderr


# --- on AF's real files ----------------------------------------------------------------

@pytest.fixture(scope="module")
def real_2025_03(tmp_path_factory):
    """AF's 2025-03 results with the offices as of 2025-03-01 (real fixtures)."""
    import shutil

    from chooser.storage.load import parse_directory
    from tests.benchmarks.fallback_backtest import data_dir

    root = tmp_path_factory.mktemp("real")
    ds = parse_directory(str(data_dir(root, "2025-03")))
    later = parse_directory(str(data_dir(root / "later", "2026-05", offices=False)))
    shutil.rmtree(root)
    return ds, later


def test_on_real_files_the_rules_hold_and_the_verdict_is_out_of_sample(real_2025_03):
    from chooser.build.population import generate

    ds, later = real_2025_03
    people = generate(ds, _gazetteer(ds), size=3000, seed=5)
    assert generate(ds, _gazetteer(ds), size=3000, seed=5) == people  # seeded
    batch = [(pid, Needs((area,), lat, lon, lv)) for pid, lat, lon, lv, area in people]
    assert {a for *_x, a in people} <= set(ds.by_area)
    ranker = Ranker(ds)
    cap = capacity_model.estimate(ds, len(batch))
    sim = simulate(ranker, batch, cap)
    for a, (_pid, needs) in zip(sim.assignments(), batch, strict=True):
        row = ds.by_ka[a.recommended]
        assert row.area == needs.areas[0]  # nobody leaves their area
        if a.moved:
            assert gain(estimate(ranker, row, a.level),
                        estimate(ranker, ds.by_ka[a.nearest], a.level), CONFIDENCE).low > 0
            assert a.recommended_km <= max(20, 2 * a.nearest_km) + 1e-9
    for ka, n in sim.load.items():
        assert n <= max(cap.limit(ka), sim.nearest_load.get(ka, 0))
    v = verdict(sim, ranker, later)
    assert v.later_period == "2026-05" and v.national.people == len(batch)
    # the realised gain is the later cohort's: not the estimate that chose
    assert v.national.realised_gain.mean != pytest.approx(v.national.expected_gain.mean)
    assert 0 < v.national.gone_fallback < v.national.gone_nearest
