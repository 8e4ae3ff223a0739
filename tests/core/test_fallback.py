"""The best-performer fallback against AF's nearest-office rule, one at a time and in
batches with capacity; and `chooser simulate`."""

from __future__ import annotations

import functools
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chooser.core.fallback import assign, fallback
from chooser.core.ranking import Needs, Ranker
from chooser.core.simulate import simulate
from chooser.text.render import render
from tests.conftest import REPO, run_cli
from tests.core.test_ranking import LUDVIKA, TOWNS, needs_strategy

BERGSLAGEN = ("Demo Bergslagen",)


def test_nearest_is_afs_rule_and_the_fallback_skips_grade_one_at_risk(demo_dataset):
    fb = fallback(Ranker(demo_dataset), Needs(BERGSLAGEN, *LUDVIKA, "B"))
    assert fb.nearest.ka == "99000101"  # Alfa: 0.2 km, 1 star, at risk
    assert fb.recommended.ka == "99000103"  # Gamma: 1.9 km, 3 stars; Beta is 40 km away
    assert fb.reach_km == 20 and not fb.area_level
    texts = [render(r) for r in fb.reasons]
    assert texts[0].startswith("AF's rule without a choice: Alfa Jobbstöd AB (fiktiv)")
    assert any("34% at the recommended contract, 18% at the nearest" in t for t in texts)


def test_a_wider_reach_finds_the_four_star_contract(demo_dataset):
    fb = fallback(Ranker(demo_dataset), Needs(BERGSLAGEN, *LUDVIKA, "B"), reach_min_km=50)
    assert fb.recommended.ka == "99000102"


def test_when_the_nearest_is_best_it_says_so(demo_dataset):
    borlange = (60.4858, 15.43714)
    fb = fallback(Ranker(demo_dataset), Needs(BERGSLAGEN, *borlange, "B"))
    assert fb.nearest.ka == fb.recommended.ka == "99000102"
    assert "the nearest office's contract is also the best within reach" in \
        [render(r) for r in fb.reasons]


def test_grade_one_is_recommended_only_when_nothing_better_is_reachable(demo_dataset):
    from tests.core.test_ranking import _changed

    # make Alfa (1 star, at risk) the best by results: the rule must still skip it
    alfa = demo_dataset.by_ka["99000101"]
    ds = _changed(demo_dataset, {"99000101": dict(rr1=alfa.n, rr2=alfa.n)})
    fb = fallback(Ranker(ds, reference=demo_dataset), Needs(BERGSLAGEN, *LUDVIKA, "B"))
    assert fb.recommended.ka != "99000101" and fb.avoided
    assert any("skips grade 1" in render(r) for r in fb.reasons)


def test_without_offices_the_fallback_works_at_area_level_and_says_so(af_dataset):
    fb = fallback(Ranker(af_dataset), Needs(("Ludvika",), None, None, "B"))
    assert fb.nearest is None and fb.area_level
    assert fb.recommended.grade.grade >= 2 and not fb.recommended.at_risk
    assert "no office locations for this area" in render(fb.reasons[0])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needs=needs_strategy)
def test_excluded_contracts_are_never_recommended(demo_dataset, needs):
    ranker = Ranker(demo_dataset)
    fb = fallback(ranker, needs)
    excluded = {e.ka for e in ranker.rank(needs).excluded if e.reason.id != "too_far"}
    for r in (fb.nearest, fb.recommended):
        if r is not None:
            assert r.ka not in excluded and r.row.area in needs.areas
    if fb.nearest is not None and fb.recommended is not None:
        assert fb.recommended.distance_km <= max(20, 2 * fb.nearest.distance_km) + 1e-9


people_strategy = st.lists(
    st.tuples(st.sampled_from(TOWNS), st.sampled_from(["A", "B", "C", None])),
    min_size=1, max_size=60)


@functools.cache
def _gazetteer(ds):
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer

    return gazetteer_for(ds, load_gazetteer())


def _needs_at(demo_dataset, town, level):
    from chooser.geo.locate import by_point

    loc = by_point(demo_dataset, _gazetteer(demo_dataset), *town)
    return Needs(loc.areas, loc.lat, loc.lon, level)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people_strategy, capacity=st.integers(1, 6))
def test_capacity_is_never_exceeded(demo_dataset, people, capacity):
    ranker = Ranker(demo_dataset)
    batch = [(str(i), _needs_at(demo_dataset, t, lv)) for i, (t, lv) in enumerate(people)]
    assigned, load = assign(ranker, batch, capacity)
    counts = Counter(a.recommended for a in assigned if a.recommended is not None)
    assert counts == Counter({k: v for k, v in load.items()})
    assert all(v <= capacity for v in counts.values())
    for a, (_pid, needs) in zip(assigned, batch, strict=True):
        if a.recommended is not None:
            row = demo_dataset.by_ka[a.recommended]
            assert row.area in needs.areas and ranker.exclusion(row) is None


def test_when_all_in_reach_are_full_people_still_get_a_place_or_are_counted(af_dataset):
    ranker = Ranker(af_dataset)
    people = [(str(i), Needs(("Ludvika",), None, None, "B")) for i in range(12)]
    assigned, load = assign(ranker, people, capacity=4)
    assert load == {"10073141": 4, "10072653": 4}  # Ludvika has two contracts
    assert [a.recommended for a in assigned].count(None) == 4
    assert simulate(ranker, people, 4).unassigned == 4


def test_equals_share_the_load(demo_dataset):
    """Two contracts with the same evidence take turns, with no capacity given, instead
    of the nearer (or lower KA number) taking everyone."""
    from tests.core.test_ranking import _changed

    gamma = demo_dataset.by_ka["99000103"]
    ds = _changed(demo_dataset, {"99000108": dict(n=gamma.n, rr1=gamma.rr1, rr2=gamma.rr2)},
                  {"99000108": 3})
    ds.satisfaction = {k: v for k, v in ds.satisfaction.items() if k != "99000108"}
    ranker = Ranker(ds, reference=demo_dataset)
    people = [(str(i), Needs(BERGSLAGEN, *LUDVIKA, "B")) for i in range(10)]
    _assigned, load = assign(ranker, people)
    assert load == {"99000103": 5, "99000108": 5}


def test_simulate_reports_both_rules(demo_dataset):
    ranker = Ranker(demo_dataset)
    people = [(str(i), _needs_at(demo_dataset, t, lv))
              for i, (t, lv) in enumerate([(LUDVIKA, "B"), (LUDVIKA, "C"), (TOWNS[1], "A")])]
    sim = simulate(ranker, people)
    assert sim.volume_baseline == 0 and sim.unassigned == 0
    assert sim.recommended_rate > sim.nearest_rate


def test_simulate_without_offices_uses_the_volume_proportional_baseline(af_dataset):
    ranker = Ranker(af_dataset)
    sim = simulate(ranker, [("1", Needs(("Ludvika",), None, None, "B"))])
    rows = [r for r in af_dataset.by_area["Ludvika"] if ranker.exclusion(r) is None]
    expected = sum(r.participants * ranker.expected_work_rate(r, "B") for r in rows) / \
        sum(r.participants for r in rows)
    assert sim.volume_baseline == 1
    assert abs(sim.nearest_rate - expected) < 1e-12


def test_simulate_command_on_the_demo_world():
    p = run_cli("simulate", "--demo", "--participants",
                str(REPO / "data/examples/demo-deltagare.csv"), "--capacity", "2", "--json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["participants"] == 10 and len(d["assigned"]) == 10
    assert set(d["assigned"][0]) == {"id", "nearest_ka", "recommended_ka"}
    assert all(v <= 2 for v in d["load"].values()) and sum(d["load"].values()) == 10
    assert 0 < d["expected"]["nearest"] < d["expected"]["recommended"] < 1
    assert d["baseline"] == "nearest office" and d["data"]["fictional"]


def test_simulate_on_real_data_says_the_baseline_is_volume_proportional(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("ID;KOMMUN;NIVÅ\n1;Ludvika;B\n2;Kiruna;\n3;0180;C\n", encoding="utf-8")
    d = json.loads(run_cli("simulate", "--participants", str(f), "--json").stdout)
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
