"""What a simulation says, per delivery area and nationally — expected and, scored with a
later dataset, realised. Pure.

**Expected** shares are the ranking's estimates on the data that chose (in-sample: they
always flatter the rule that chose by them). **Realised** shares score the same
placements with a later follow-up's results for the same KA numbers: a follow-up
counts participants who started 11–22 months before it, so one 12 or more months later
describes other people (a disjoint cohort) and is an honest test. At a contract with
no participants of the level in the later file, or gone from it, a person counts the
later area's rate for their level (a terminated contract's participants are moved on);
the people at contracts that disappeared are counted and shown.

Intervals (90 %): for the expected shares, from the estimates' posterior spread (the
people at one contract and level share one estimate, so they count together); for the
realised shares, the binomial noise of the later rates — how far another cohort of the
same size could move them.
"""

from __future__ import annotations

import math
from collections import defaultdict

from chooser.core.dataset import Dataset
from chooser.core.fallback import z_for
from chooser.core.model import LEVELS
from chooser.core.namedrecord import record
from chooser.core.ranking import Ranker
from chooser.core.simulate import Simulation

SHOWN = 0.90


class Share(record("Share", "mean low high")):
    __slots__ = ()
    mean: float
    low: float
    high: float


class AreaVerdict(record("AreaVerdict", "area people moved expected_nearest "
                         "expected_fallback expected_gain realised_nearest realised_fallback "
                         "realised_gain extra_median extra_p90 extra_p99 extra_max "
                         "max_load_nearest max_load_fallback gone_nearest gone_fallback")):
    """One area (``area`` None = Sweden). Shares as fractions; ``realised_*`` None when
    not scored; extra travel in km over the moved people (0 when nobody moved);
    ``max_load_*``: the fullest contract's load ÷ its limit (None without capacity);
    ``gone_*``: people whose contract is missing from the later file."""

    __slots__ = ()
    area: str | None
    people: int
    moved: int
    expected_nearest: Share
    expected_fallback: Share
    expected_gain: Share
    realised_nearest: Share | None
    realised_fallback: Share | None
    realised_gain: Share | None
    extra_median: float
    extra_p90: float
    extra_p99: float
    extra_max: float
    max_load_nearest: float | None
    max_load_fallback: float | None
    gone_nearest: int
    gone_fallback: int


class ContractLoad(record("ContractLoad", "ka supplier area expected limit nearest fallback "
                                          "gone")):
    """``expected``: participants the contract takes over the population's stretch of
    time (its intake); ``limit``: the most non-choosers the fallback may send."""

    __slots__ = ()
    ka: str
    supplier: str
    area: str
    expected: float | None
    limit: int | None
    nearest: int
    fallback: int
    gone: bool | None


class Verdict(record("Verdict", "national areas loads later_period")):
    __slots__ = ()
    national: AreaVerdict
    areas: list[AreaVerdict]
    loads: list[ContractLoad]
    later_period: str | None


class LaterRates:
    """A later dataset's raw share getting work or studies per contract and level."""

    def __init__(self, later: Dataset) -> None:
        self.by_ka = later.by_ka
        self.period = later.period
        self.area: dict[str, list[float | None]] = {}
        k_all, n_all = [0, 0, 0], [0, 0, 0]
        for a in later.areas():
            rows = later.by_area[a]
            k = [sum(r.rr1[i] for r in rows) for i in range(3)]
            n = [sum(r.n[i] for r in rows) for i in range(3)]
            self.area[a] = [k[i] / n[i] if n[i] else None for i in range(3)]
            k_all = [x + y for x, y in zip(k_all, k, strict=True)]
            n_all = [x + y for x, y in zip(n_all, n, strict=True)]
        self.national = [k_all[i] / n_all[i] if n_all[i] else 0.0 for i in range(3)]

    def level_rate(self, ka: str, area: str, i: int) -> tuple[float, float]:
        """(rate, variance) at level index ``i``."""
        r = self.by_ka.get(ka)
        if r is not None and r.n[i] > 0:
            p = r.rr1[i] / r.n[i]
            return p, p * (1 - p) / r.n[i]
        base = self.area.get(r.area if r is not None else area, [None] * 3)[i]
        return (base if base is not None else self.national[i]), 0.0

    def rate(self, ka: str, area: str, mix: list[float] | None, level: str | None
             ) -> tuple[float, float]:
        if level is not None:
            return self.level_rate(ka, area, LEVELS.index(level))
        assert mix is not None
        parts = [self.level_rate(ka, area, i) for i in range(3)]
        return (sum(m * p for m, (p, _v) in zip(mix, parts, strict=True)),
                sum(m * m * v for m, (_p, v) in zip(mix, parts, strict=True)))


class _Tally:
    """Sums for one area: shares as sums over people; the weights of each shared
    estimate (people under each rule) for the variances."""

    def __init__(self) -> None:
        self.people = self.moved = self.gone_near = self.gone_fb = 0
        self.sum: dict[str, float] = defaultdict(float)  # en, ef, rn, rf: sums over people
        # key → [people under the nearest rule, under the fallback, sd (or variance)]
        self.exp_w: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        self.real_w: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        self.extra: list[tuple[float, int]] = []

    def add(self, kind: str, weights: dict, key: tuple, side: int, value: float,
            spread: float, n: int) -> None:
        self.sum[kind] += n * value
        w = weights[key]
        w[side] += n
        w[2] = spread

    def shares(self, scored: bool, z: float) -> list[Share | None]:
        n = self.people

        def share(total: float, var: float) -> Share:
            half = z * math.sqrt(var) / n
            return Share(total / n, total / n - half, total / n + half)

        e, r = self.exp_w.values(), self.real_w.values()
        out: list[Share | None] = [
            share(self.sum["en"], sum((w[0] * w[2]) ** 2 for w in e)),
            share(self.sum["ef"], sum((w[1] * w[2]) ** 2 for w in e)),
            share(self.sum["ef"] - self.sum["en"], sum(((w[1] - w[0]) * w[2]) ** 2 for w in e))]
        if scored:
            out += [share(self.sum["rn"], sum(w[0] ** 2 * w[2] for w in r)),
                    share(self.sum["rf"], sum(w[1] ** 2 * w[2] for w in r)),
                    share(self.sum["rf"] - self.sum["rn"],
                          sum((w[1] - w[0]) ** 2 * w[2] for w in r))]
        else:
            out += [None, None, None]
        return out


def verdict(sim: Simulation, ranker: Ranker, later: Dataset | None = None,
            confidence: float = SHOWN) -> Verdict:
    ds = ranker.ds
    rates = LaterRates(later) if later is not None else None
    tallies: dict[str | None, _Tally] = defaultdict(_Tally)
    national = tallies[None]
    for key, flow in sim.flows.items():
        p = sim.plans[key]
        if p.baseline is None:
            continue
        level = key.level
        area = p.area or " / ".join(key.areas)
        mix = ranker.prior(area).mix if level is None else None
        near = p.nearest.ka if p.nearest is not None else None
        near_key = ("k", near, level) if near is not None else ("mix", area, level)
        options = {o.ka: o for o in p.moves}
        if rates is not None:
            if near is not None:
                rn, vn = rates.rate(near, area, mix, level)
            else:  # no office known: AF's rule as the area's mix, scored the same way
                rn, vn = _later_mix(rates, ranker, p, level, mix)
            near_gone = near is not None and near not in rates.by_ka
        for ka, n in flow:
            moved = ka is not None and ka != near
            fb_key = ("k", ka, level) if moved else near_key
            fb_est = options[ka].estimate if moved else p.baseline  # type: ignore[index]
            if rates is not None:
                rf, vf = rates.rate(ka, area, mix, level) if moved else (rn, vn)  # type: ignore[arg-type]
                fb_gone = (ka not in rates.by_ka) if moved else near_gone
            for t in (tallies[area], national):
                t.people += n
                t.add("en", t.exp_w, near_key, 0, p.baseline.rate, p.baseline.sd, n)
                t.add("ef", t.exp_w, fb_key, 1, fb_est.rate, fb_est.sd, n)
                if moved:
                    t.moved += n
                    nk, fk = p.nearest, options[ka].candidate  # type: ignore[index]
                    if nk is not None and nk.distance_km is not None \
                            and fk.distance_km is not None:
                        t.extra.append((fk.distance_km - nk.distance_km, n))
                if rates is not None:
                    t.gone_near += n * near_gone
                    t.gone_fb += n * fb_gone
                    t.add("rn", t.real_w, near_key, 0, rn, vn, n)
                    t.add("rf", t.real_w, fb_key, 1, rf, vf, n)

    loads = _loads(sim, ds, rates)
    worst: dict[str | None, list[float | None]] = defaultdict(lambda: [None, None])
    for c in loads:
        if c.limit:
            for where in (c.area, None):
                w = worst[where]
                w[0] = max(w[0] or 0.0, c.nearest / c.limit)
                w[1] = max(w[1] or 0.0, c.fallback / c.limit)
    z = z_for(confidence)

    def one(area: str | None) -> AreaVerdict:
        t = tallies[area]
        en, ef, eg, rn, rf, rg = t.shares(rates is not None, z)
        xs = sorted(t.extra)
        return AreaVerdict(area, t.people, t.moved, en, ef, eg, rn, rf, rg,
                           _quantile(xs, 0.5), _quantile(xs, 0.9), _quantile(xs, 0.99),
                           xs[-1][0] if xs else 0.0, worst[area][0], worst[area][1],
                           t.gone_near, t.gone_fb)

    if not national.people:
        raise ValueError("a simulation with nobody placed has no verdict")
    areas = [one(a) for a in sorted(a for a in tallies if a is not None)]
    return Verdict(one(None), areas, loads, rates.period if rates is not None else None)


def _later_mix(rates: LaterRates, ranker: Ranker, p, level: str | None,
               mix: list[float] | None) -> tuple[float, float]:
    rows = [r for r in ranker.ds.by_area.get(p.area or "", ()) if r.participants > 0]
    total = sum(r.participants for r in rows) or 1
    rate = var = 0.0
    for r in rows:
        x, v = rates.rate(r.ka, r.area, mix, level)
        w = r.participants / total
        rate += w * x
        var += w * w * v
    return rate, var


def _loads(sim: Simulation, ds: Dataset, rates: LaterRates | None) -> list[ContractLoad]:
    kas = sorted(set(sim.load) | set(sim.nearest_load))
    cap = sim.capacity
    out = []
    for ka in kas:
        row = ds.by_ka[ka]
        out.append(ContractLoad(
            ka, row.supplier, row.area, cap.expected(ka) if cap is not None else None,
            cap.limit(ka) if cap is not None else None, sim.nearest_load.get(ka, 0),
            sim.load.get(ka, 0), (ka not in rates.by_ka) if rates is not None else None))
    return out


def _quantile(xs: list[tuple[float, int]], q: float) -> float:
    """The smallest value with at least ``q`` of the people at or below it (``xs``:
    sorted (value, people) pairs)."""
    total = sum(n for _x, n in xs)
    if not total:
        return 0.0
    need, seen = q * total, 0
    for x, n in xs:
        seen += n
        if seen >= need - 1e-9:
            return x
    return xs[-1][0]
