"""Ranking for one participant: scenarios on the fictional demo world and on AF's real
May 2026 data, and the properties that must hold for any participant."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chooser.core.dataset import Dataset
from chooser.core.model import GradePoint
from chooser.core.ranking import NOT_MET, UNKNOWN, Needs, Ranker, rank
from chooser.text.render import render

LUDVIKA = (60.14959, 15.18776)
GOTEBORG = (57.70716, 11.96679)
BERGSLAGEN = ("Demo Bergslagen",)


def _order(ranking) -> list[str]:
    return [r.ka for r in ranking.ranked]


def _texts(r) -> list[str]:
    return [render(x) for x in r.reasons]


def test_exclusions_each_say_why(demo_dataset):
    ranking = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B"))
    why = {e.ka: render(e.reason) for e in ranking.excluded}
    assert why == {
        "99000105": "contract terminated (2026-04-30)",
        "99000106": "placement stop: takes no new participants (2026-05-15)",
    }
    assert not set(why) & set(_order(ranking))
    # AF's nyval_tillatet is false for every contract in AF's own downloads: it never
    # excludes (99000107 has it false)
    assert "99000107" in _order(ranking)


def test_three_lucky_participants_do_not_outrank_fifty_solid_ones(demo_dataset):
    """Delta has 3 level-B participants, all got work; Gamma 18 of 50. Gamma first, and
    Delta's estimate says how little three people tell (as wide as the exact interval)."""
    from chooser.core.stats import exact_interval

    order = _order(rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B")))
    assert order.index("99000103") < order.index("99000104")
    delta = next(r for r in rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B")).ranked
                 if r.ka == "99000104")
    texts = _texts(delta)
    assert "for level B: 3 of 3 got work or studies, 100%" in texts
    low, high = exact_interval(3, 3)
    assert delta.evidence.work.low <= low and delta.evidence.work.high == high == 1.0
    assert any(t.startswith("for people like you: likely between ") and "and 100%" in t
               for t in texts)


def test_reasons_speak_plainly_with_area_and_month(demo_dataset):
    ranking = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B"))
    beta = next(r for r in ranking.ranked if r.ka == "99000102")
    # 40 km away, beyond the 20 km reach: second, above nearer contracts only because its
    # estimate is clearly better, and it says so; what happened is said as counts
    assert beta.rank == 2 and beta.beyond_reach
    assert _texts(beta)[:6] == [
        "★★★★ 4 of 4 in Demo Bergslagen (AF, May 2026)",
        "up from 3 of 4 in March 2026",
        "40 km farther than the nearest office, beyond the 20 km where results alone "
        "decide; ranked above the nearer Delta Start AB (fiktiv) only because its evidence "
        "is clearly stronger: estimate 42% against 34%, from 60 participants against 3",
        "for level B: 27 of 60 got work or studies, 45%",
        "for level B: 20 of 60 kept work or studies, 33%",
        "for people like you: likely between 34% and 56% get work or studies (estimate)",
    ]
    assert "office 40 km away (Exempelgatan 1, Borlänge)" in _texts(beta)
    alfa = next(r for r in ranking.ranked if r.ka == "99000101")
    assert alfa.at_risk and any("at risk of termination" in t for t in _texts(alfa))
    gamma = next(r for r in ranking.ranked if r.ka == "99000103")
    assert "satisfaction: too few answers (7) to show" in _texts(gamma)
    assert gamma.evidence.satisfaction is None  # hidden under 10 answers: not used either


def test_no_grade_is_said_as_such_never_zero(demo_dataset):
    delta = next(r for r in rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, None)).ranked
                 if r.ka == "99000104")
    assert delta.grade.grade is None
    assert _texts(delta)[0] == "no grade yet in Demo Bergslagen (AF, May 2026)"


def test_unknown_level_uses_the_weighted_measure(demo_dataset):
    r = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, None)).ranked[0]
    assert r.evidence.work is None
    assert any(t.startswith("AF's weighted result measure: 0.260 (area average") for t in _texts(r))


def test_a_need_not_met_ranks_below_met_and_unknown(demo_dataset):
    ranking = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B", ("ar",)))
    tiers = [(r.ka, r.needs.get("language")) for r in ranking.ranked]
    assert tiers == [("99000103", "met"), ("99000102", "met"), ("99000104", UNKNOWN),
                     ("99000108", NOT_MET), ("99000107", NOT_MET), ("99000101", NOT_MET)]
    theta = ranking.ranked[3]
    assert "does not offer Arabic" in _texts(theta)
    assert "offers Arabic: unknown" in _texts(ranking.ranked[2])


def test_any_of_the_participants_languages_will_do(demo_dataset):
    ranking = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B", ("ti", "so")))
    met = {r.ka for r in ranking.ranked if r.needs["language"] == "met"}
    assert met == {"99000103", "99000108"}  # Somali at Gamma, Tigrinya at Theta


def test_remote_and_accessible_needs(demo_dataset):
    ranking = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B", (), True, True))
    needs = {r.ka: r.needs for r in ranking.ranked}
    assert needs["99000103"] == {"remote": NOT_MET, "accessible": "met"}
    assert needs["99000108"] == {"remote": "met", "accessible": NOT_MET}
    assert needs["99000104"] == {"remote": UNKNOWN, "accessible": UNKNOWN}
    tiers = [r.tier for r in ranking.ranked]
    assert tiers == sorted(tiers)


def test_travel_limit_excludes_with_the_distance(demo_dataset):
    ranking = rank(demo_dataset, Needs(BERGSLAGEN, *LUDVIKA, "B", max_km=10))
    assert "99000102" not in _order(ranking)
    beta = next(e for e in ranking.excluded if e.ka == "99000102")
    assert render(beta.reason) == "nearest office 40 km away, beyond your 10 km"


def test_an_office_nearby_in_another_area_is_listed_as_not_yours(demo_dataset):
    ranking = rank(demo_dataset, Needs(("Demo Storstad",), *GOTEBORG, "A"))
    omega = next(e for e in ranking.excluded if e.ka == "99000401")
    assert render(omega.reason) == "belongs to Demo Kusten, not your delivery area"
    assert omega.distance_km < 2
    assert "99000401" not in _order(ranking)


def test_a_contract_without_known_office_stays_and_says_so(demo_dataset):
    ranking = rank(demo_dataset, Needs(("Demo Fjällen",), 63.1792, 14.63566, "C", max_km=5))
    ypsilon = next(r for r in ranking.ranked if r.ka == "99000303")
    assert ypsilon.distance_km is None and "office location unknown" in _texts(ypsilon)


def test_without_offices_ranking_works_at_area_level_and_says_so(af_copy):
    from chooser.storage.load import parse_directory

    af_dataset = parse_directory(str(af_copy))  # AF's results and grades, no office file
    ranking = rank(af_dataset, Needs(("Ludvika",), None, None, "B"))
    assert [render(n) for n in ranking.notes] == [
        "no office locations loaded, so distance is not known"]
    assert len(ranking.ranked) == len(af_dataset.by_area["Ludvika"])
    assert all(r.distance_km is None for r in ranking.ranked)


def test_real_grades_carry_area_and_month(af_dataset):
    ranking = rank(af_dataset, Needs(("Göteborg Syd-Öst",), None, None, "C"))
    for r in ranking.ranked:
        first = _texts(r)[0]
        assert "in Göteborg Syd-Öst (AF, May 2026)" in first
        assert (r.grade.grade is None) == first.startswith("no grade yet")


def test_several_candidate_areas_are_ranked_together_and_said(af_dataset):
    areas = ("Göteborg Nord", "Göteborg Mitt")
    ranking = rank(af_dataset, Needs(areas, None, None, "A"))
    assert {r.row.area for r in ranking.ranked} == set(areas)
    assert any("split between" in render(n) for n in ranking.notes)


def test_small_samples_do_not_win_on_real_data(af_dataset):
    """In AF's real May 2026 data: a contract given 3 of 3 at level B cannot outrank
    one with 120 level-B participants whose rate beats the area's by 10 points."""
    area = "Stockholm Syd"
    rows = af_dataset.by_area[area]
    k = sum(r.rr1[1] for r in rows)
    n = sum(r.n[1] for r in rows)
    p = k / n
    lucky, solid = rows[0].ka, rows[1].ka
    good = round(120 * (p + 0.10))
    ds = _changed(af_dataset, {lucky: dict(n=(rows[0].n[0], 3, rows[0].n[2]),
                                           rr1=(rows[0].rr1[0], 3, rows[0].rr1[2]),
                                           rr2=(rows[0].rr2[0], 3, rows[0].rr2[2])),
                               solid: dict(n=(rows[1].n[0], 120, rows[1].n[2]),
                                           rr1=(rows[1].rr1[0], good, rows[1].rr1[2]),
                                           rr2=(rows[1].rr2[0], good // 2, rows[1].rr2[2]))})
    order = _order(rank(ds, Needs((area,), None, None, "B")))
    assert order.index(solid) < order.index(lucky)


# --- properties -------------------------------------------------------------------------

def _changed(ds: Dataset, changes: dict[str, dict], grade: dict[str, int] | None = None
             ) -> Dataset:
    """A copy of ``ds`` with some current rows (and latest grades) changed."""
    results = dict(ds.results)
    results[ds.period] = tuple(
        r._replace(**changes[r.ka], participants=sum(changes[r.ka].get("n", r.n)))
        if r.ka in changes else r for r in results[ds.period])
    history = dict(ds.grade_history)
    for ka, g in (grade or {}).items():
        last = history[ka][-1]
        history[ka] = (*history[ka][:-1], GradePoint(last.period, g))
    return Dataset(results, history, ds.weights, ds.catalog, ds.sources, ds.origin,
                   ds.area_map, ds.supplements())


TOWNS = [LUDVIKA, GOTEBORG, (60.60357, 15.62597), (63.1792, 14.63566), (57.87096, 11.98054),
         (57.6554, 12.01378), (60.4858, 15.43714)]

needs_strategy = st.builds(
    lambda areas, town, jitter, level, langs, remote, accessible, max_km: Needs(
        tuple(areas), town[0] + jitter[0], town[1] + jitter[1], level, tuple(langs), remote,
        accessible, max_km),
    st.lists(st.sampled_from(["Demo Bergslagen", "Demo Storstad", "Demo Fjällen",
                              "Demo Kusten"]), min_size=1, max_size=2, unique=True),
    st.sampled_from(TOWNS),
    st.tuples(st.floats(-0.2, 0.2), st.floats(-0.3, 0.3)),
    st.sampled_from(["A", "B", "C", None]),
    st.lists(st.sampled_from(["ar", "so", "fa", "ti", "en", "uk"]), max_size=2, unique=True),
    st.booleans(), st.booleans(),
    st.one_of(st.none(), st.floats(1, 200)),
)

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(needs=needs_strategy)
def test_excluded_are_never_ranked_and_every_contract_is_accounted_for(demo_dataset, needs):
    ranking = rank(demo_dataset, needs)
    ranked = _order(ranking)
    excluded_here = {e.ka for e in ranking.excluded if e.area in needs.areas}
    assert not excluded_here & set(ranked)
    assert not {e.ka for e in ranking.excluded} & set(ranked)
    in_areas = {r.ka for a in needs.areas for r in demo_dataset.by_area[a]}
    assert set(ranked) | excluded_here == in_areas
    for ka in ("99000105", "99000106"):
        assert ka not in ranked
    assert [r.rank for r in ranking.ranked] == list(range(1, len(ranked) + 1))
    keys = [r.sort_key() for r in ranking.ranked]
    assert keys == sorted(keys)


@FAST
@given(needs=needs_strategy)
def test_same_input_same_output(demo_dataset, needs):
    from chooser.cli.rank_output import ranking_dict
    from chooser.geo.locate import Location

    loc = Location("x", needs.areas, needs.lat, needs.lon, None)
    a = ranking_dict(rank(demo_dataset, needs), loc, None, {})
    b = ranking_dict(Ranker(demo_dataset).rank(needs), loc, None, {})
    assert a == b


@FAST
@given(needs=needs_strategy, pick=st.integers(0, 1000), level=st.integers(0, 2),
       what=st.sampled_from(["rr1", "rr2", "grade"]), step=st.integers(1, 10))
def test_doing_better_never_lowers_a_contracts_rank(demo_dataset, needs, pick, level, what,
                                                    step):
    """Improve one contract's grade or results, all else equal (the same yardstick: area
    rates and prior strength from the original data): its rank never drops."""
    before = rank(demo_dataset, needs)
    if not before.ranked:
        return
    target = before.ranked[pick % len(before.ranked)].row
    if what == "grade":
        g = demo_dataset.latest_grades[target.ka].grade
        if g is None or g == 4:
            return
        ds = _changed(demo_dataset, {}, {target.ka: min(4, g + step)})
    else:
        counts = list(getattr(target, what))
        counts[level] = min(target.n[level], counts[level] + step)
        ds = _changed(demo_dataset, {target.ka: {what: tuple(counts)}})
    after = Ranker(ds, reference=demo_dataset).rank(needs)
    old = next(r.rank for r in before.ranked if r.ka == target.ka)
    new = next(r.rank for r in after.ranked if r.ka == target.ka)
    assert new <= old


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 10_000), level=st.integers(0, 2), step=st.integers(1, 5))
@example(pick=737, level=2, step=1)  # the case below, where the area's average moves
def test_doing_better_on_real_data_never_lowers_rank(af_dataset, pick, level, step):
    """On AF's real data, all else equal (the area's yardstick from the data as it was):
    a contract whose participants kept more work never ranks lower."""
    target = af_dataset.contracts[pick % len(af_dataset.contracts)]
    counts = list(target.rr1)
    if counts[level] == target.n[level]:
        return
    counts[level] = min(target.n[level], counts[level] + step)
    needs = Needs((target.area,), None, None, "ABC"[level])
    before = _order(rank(af_dataset, needs)).index(target.ka)
    changed = _changed(af_dataset, {target.ka: {"rr1": tuple(counts)}})
    after = _order(Ranker(changed, reference=af_dataset).rank(needs))
    assert after.index(target.ka) <= before


def test_when_the_area_moves_a_small_contract_moves_with_it(af_dataset):
    """What the yardstick being held above rules out, and why it is held: recomputed from
    the changed data, the area's own average rises with the better result, and a
    contract with few participants (its estimate is mostly that average) rises with it.
    In Örebro at level C one more kept job for Inda (24 participants) lifts a contract
    with 4 participants past it by 0.0001 of the score: noise, far inside either one's
    interval. Found by the property test above when it recomputed the yardstick."""
    target = af_dataset.by_ka["10073276"]
    needs = Needs((target.area,), None, None, "C")
    changed = _changed(af_dataset, {target.ka: {"rr1": (8, 9, 7)}})
    before, after = rank(af_dataset, needs), rank(changed, needs)
    i, j = _order(before).index(target.ka), _order(after).index(target.ka)
    assert j == i + 1  # passed by one contract …
    passer = after.ranked[j - 1]
    assert passer.row.n[2] < target.n[2]  # … with fewer participants at the level
    assert abs(passer.order - after.ranked[j].order) < 0.001  # by a hair


def test_ranking_ignores_the_order_contracts_were_loaded_in(demo_dataset):
    needs = Needs(BERGSLAGEN, *LUDVIKA, "C")
    results = {p: tuple(reversed(rows)) for p, rows in demo_dataset.results.items()}
    ds = Dataset(results, demo_dataset.grade_history, demo_dataset.weights,
                 demo_dataset.catalog, demo_dataset.sources, demo_dataset.origin,
                 demo_dataset.area_map, demo_dataset.supplements())
    assert _order(rank(ds, needs)) == _order(rank(demo_dataset, needs))


def test_ties_break_by_distance_then_ka_never_by_name(demo_dataset):
    """Two contracts with identical evidence: the nearer comes first, whatever its name."""
    gamma = demo_dataset.by_ka["99000103"]
    ds = _changed(demo_dataset, {"99000108": dict(n=gamma.n, rr1=gamma.rr1, rr2=gamma.rr2)},
                  {"99000108": 3})
    ds.satisfaction = {k: v for k, v in ds.satisfaction.items() if k != "99000108"}
    needs = Needs(BERGSLAGEN, *LUDVIKA, "B")
    ranked = {r.ka: r for r in Ranker(ds, reference=demo_dataset).rank(needs).ranked}
    g, t = ranked["99000103"], ranked["99000108"]
    assert g.score == t.score
    nearer, farther = sorted((g, t), key=lambda r: r.distance_km)
    assert nearer.rank < farther.rank
