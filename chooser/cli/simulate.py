"""``chooser simulate``: read the participants file, place each person under both rules,
report per area and nationally — and, with ``--score-with LATER_DIR``, what a later,
disjoint cohort achieved at the same contracts.

Participants with the same place and level share one computation: a population of
180,000 lives in a few thousand distinct places.
"""

from __future__ import annotations

import argparse

from chooser.cli import common
from chooser.core.dataset import Dataset
from chooser.core.errors import DataError, UsageError
from chooser.text.i18n import _, format_number, ngettext

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.core.capacity import Capacity
    from chooser.core.simulate import Simulation
    from chooser.core.verdict import AreaVerdict, Share, Verdict


def _needs_for(ds: Dataset, gazetteer, table, people):
    """(id, Needs) per participant; DataError naming row and column for a bad place.

    ``gazetteer`` is called for the gazetteer only if somebody needs it: a file that says
    each person's area and point (as ``chooser.build.population`` writes) needs none.
    People at the same place with the same level share one Needs."""
    from chooser.core.needs import Needs

    gaz = None
    points: dict[tuple[float, float], tuple[str, ...] | None] = {}
    shared: dict[tuple, Needs] = {}
    out = []
    for p in people:
        if p.area is not None:  # the file says which area: it overrides the map
            if p.area not in ds.by_area:
                raise table.error(f'"{p.area}" is not a delivery area with contracts in '
                                  f"AF's results for {ds.period}", row=p.row,
                                  column="LEVERANSOMRÅDE")
            if p.kommun is None:
                key = ((p.area,), p.lat, p.lon, p.level)
                needs = shared.get(key)
                if needs is None:
                    needs = shared[key] = Needs(*key)
                out.append((p.id, needs))
                continue
        if gaz is None:
            gaz = gazetteer()
        if p.kommun is not None:
            m = gaz.municipality(p.kommun)
            if m is None:
                close = gaz.suggestions(p.kommun)
                hint = f"did you mean {', '.join(close)}?" if close else None
                raise table.error(f'"{p.kommun}" is not a Swedish municipality', row=p.row,
                                  column="KOMMUN", hint=hint)
            areas = tuple(a for a in gaz.areas_for(m.code)[0] if a in ds.by_area)
            lat, lon = m.lat, m.lon
        else:
            lat, lon = p.lat, p.lon
            if (lat, lon) not in points:
                hit = gaz.at(lat, lon)
                points[lat, lon] = (tuple(a for a in hit.areas if a in ds.by_area)
                                    if hit else None)
            found = points[lat, lon]
            if found is None:
                raise table.error(f"{lat}, {lon} is not in Sweden (latitude first, then "
                                  f"longitude, in decimal degrees)", row=p.row, column="LAT")
            areas = found
        if p.area is not None:
            areas = (p.area,)
        if not areas:
            raise table.error("no delivery area with contracts in this dataset covers this "
                              "place", row=p.row,
                              column="KOMMUN" if p.kommun is not None else "LAT")
        key = (areas, lat, lon, p.level)
        needs = shared.get(key)
        if needs is None:
            needs = shared[key] = Needs(*key)
        out.append((p.id, needs))
    return out


def run(args: argparse.Namespace, ds: Dataset, later: Dataset | None = None) -> int:
    """Read the participants, place them, simulate both rules and print the result."""
    from chooser.core import capacity as capacity_model
    from chooser.core.ranking import Ranker
    from chooser.core.simulate import simulate
    from chooser.core.verdict import verdict
    from chooser.geo.locate import gazetteer_for
    from chooser.sources import participants
    from chooser.storage.geodata import load_gazetteer

    if args.headroom is not None and args.headroom <= 0:
        raise UsageError(f"--headroom: expected a multiple above 0, found {args.headroom:g}")
    try:
        table, people = participants.read(args.participants)
    except FileNotFoundError:
        raise DataError(args.participants, "the participants file does not exist") from None
    needs = _needs_for(ds, lambda: gazetteer_for(ds, load_gazetteer()), table, people)
    cap = capacity_model.estimate(ds, len(needs), None if args.no_capacity else args.headroom,
                                  flat=args.capacity)
    ranker = Ranker(ds)
    sim = simulate(ranker, needs, cap)
    v = verdict(sim, ranker, later)
    notes = _notes(sim)
    if args.plot:
        from chooser.cli.simulate_chart import chart

        title = _("Non-choosers: AF's nearest office vs the best-performer fallback, "
                  "chosen on {period}").format(period=ds.period)
        try:
            with open(args.plot, "w", encoding="utf-8") as fh:
                fh.write(chart(v, title))
        except OSError as e:
            raise DataError(args.plot, f"cannot write the chart: {e.strerror}") from None
    if args.json:
        from chooser.cli.common import print_json

        print_json(_json(args, ds, sim, v, cap, notes, len(people)))
    elif args.csv:
        common.out(_csv(v))
    else:
        common.out(_text(ds, sim, v, cap, notes, len(people)))
    return 0


def _notes(sim: Simulation) -> list[str]:
    notes = []
    if sim.volume_baseline:
        notes.append(_("no office locations for {n} participants: their nearest-office "
                       "baseline is the area's volume-proportional mix (each contract in "
                       "proportion to the participants it has)").format(n=sim.volume_baseline))
    if sim.split_areas:
        notes.append(_("{n} participants live in municipalities split between delivery "
                       "areas; the area of their nearest office was taken as theirs").format(
                           n=sim.split_areas))
    if sim.unassigned:
        notes.append(_("{n} participants could not be placed: no contract in their area "
                       "takes new participants").format(n=sim.unassigned))
    return notes


# --- JSON and CSV: keys are a contract for scripts --------------------------------------

def _share(s: Share | None) -> dict | None:
    if s is None:
        return None
    return {"mean": round(s.mean, 5), "low": round(s.low, 5), "high": round(s.high, 5)}


def _area_dict(a: AreaVerdict) -> dict:
    return {
        "area": a.area, "people": a.people, "moved": a.moved,
        "expected": {"nearest": _share(a.expected_nearest),
                     "fallback": _share(a.expected_fallback),
                     "gain": _share(a.expected_gain)},
        "realised": {"nearest": _share(a.realised_nearest),
                     "fallback": _share(a.realised_fallback),
                     "gain": _share(a.realised_gain)},
        "extra_km": {"median": round(a.extra_median, 2), "p90": round(a.extra_p90, 2),
                     "p99": round(a.extra_p99, 2), "max": round(a.extra_max, 2)},
        "max_load_ratio": {"nearest": _r(a.max_load_nearest), "fallback":
                           _r(a.max_load_fallback)},
        "gone": {"nearest": a.gone_nearest, "fallback": a.gone_fallback},
    }


def _json(args, ds: Dataset, sim: Simulation, v: Verdict, cap: Capacity, notes: list[str],
          n: int) -> dict:
    nat = v.national
    return {
        "participants": n,
        "assigned": [{"id": a.id, "area": a.area, "nearest_ka": a.nearest,
                      "recommended_ka": a.recommended, "nearest_km": _r(a.nearest_km),
                      "recommended_km": _r(a.recommended_km)} for a in sim.assignments()],
        "load": dict(sorted(sim.load.items())),
        "expected": {"nearest": _r(nat.expected_nearest.mean),
                     "recommended": _r(nat.expected_fallback.mean)},
        "baseline": ("nearest office" if not sim.volume_baseline else
                     "volume-proportional" if sim.volume_baseline == n else "mixed"),
        "capacity": args.capacity,
        "headroom": cap.headroom,
        "months": round(cap.months, 2),
        "unassigned": sim.unassigned,
        "national": _area_dict(nat),
        "areas": [_area_dict(a) for a in v.areas],
        "loads": [{"ka": c.ka, "supplier": c.supplier, "area": c.area,
                   "intake": _r(c.expected), "limit": c.limit, "nearest": c.nearest,
                   "fallback": c.fallback, "gone": c.gone} for c in v.loads],
        "scored_with": v.later_period,
        "notes": notes,
        "period": ds.period,
        "data": {"kind": ds.origin, "directory": getattr(args, "data", None),
                 "fictional": ds.origin == "demo"},
    }


CSV_COLUMNS = [
    "area", "people", "moved",
    "expected_nearest", "expected_nearest_low", "expected_nearest_high",
    "expected_fallback", "expected_fallback_low", "expected_fallback_high",
    "expected_gain", "expected_gain_low", "expected_gain_high",
    "realised_nearest", "realised_fallback",
    "realised_gain", "realised_gain_low", "realised_gain_high",
    "extra_km_median", "extra_km_p90", "extra_km_p99", "extra_km_max",
    "max_load_ratio_nearest", "max_load_ratio_fallback", "gone_nearest", "gone_fallback",
]


def _csv(v: Verdict) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for a in [*v.areas, v.national]:
        def s(x: Share | None) -> list:
            return ["", "", ""] if x is None else [round(x.mean, 5), round(x.low, 5),
                                                   round(x.high, 5)]
        rn, rf, rg = s(a.realised_nearest), s(a.realised_fallback), s(a.realised_gain)
        w.writerow([a.area if a.area is not None else "Sverige", a.people, a.moved,
                    *s(a.expected_nearest), *s(a.expected_fallback), *s(a.expected_gain),
                    rn[0], rf[0], *rg, round(a.extra_median, 2), round(a.extra_p90, 2),
                    round(a.extra_p99, 2), round(a.extra_max, 2),
                    "" if a.max_load_nearest is None else round(a.max_load_nearest, 3),
                    "" if a.max_load_fallback is None else round(a.max_load_fallback, 3),
                    a.gone_nearest, a.gone_fallback])
    return buf.getvalue()


# --- text --------------------------------------------------------------------------------

def _pct(s: Share | None) -> str:
    return "–" if s is None else f"{format_number(100 * s.mean, 1)} %"


def _points(s: Share | None) -> str:
    """A gain in percentage points with its interval, e.g. "+2.7 (1.9 to 3.4)"."""
    if s is None:
        return "–"
    return _("{gain} ({low} to {high})").format(
        gain=_signed(s.mean), low=_signed(s.low), high=_signed(s.high))


def _signed(x: float) -> str:
    v = format_number(100 * x, 1)
    return v if v.startswith(("-", "−")) else "+" + v


def _text(ds: Dataset, sim: Simulation, v: Verdict, cap: Capacity, notes: list[str],
          n: int) -> str:
    from chooser.cli.common import wrap

    nat = v.national
    lines = [wrap(ngettext("{n} participant, AF's results for {period}",
                           "{n} participants, AF's results for {period}", n).format(
        n=format_number(n, 0), period=ds.period), "", "  ")]
    if ds.origin == "demo":
        lines.append(_("FICTIONAL demo data: no real supplier is shown."))
    if cap.flat is not None:
        lines.append(wrap(_("Capacity: at most {n} non-choosers per contract (a flat "
                            "limit, whatever the contract's size)").format(n=cap.flat),
                          "", "  "))
    elif cap.headroom is not None:
        lines.append(wrap(_("Capacity: the fallback may send a contract up to {h} times its "
                            "intake (its participants per month in AF's follow-up, over the "
                            "{months} months these participants stand for)").format(
            h=format_number(cap.headroom, 2), months=format_number(cap.months, 1)), "", "  "))
    else:
        lines.append(_("Capacity: no limit"))
    lines.append("")
    lines.append(_("Share getting work or studies (gain in percentage points; intervals at "
                   "90 %):"))
    near_h, fb_h, gain_h = _("nearest office"), _("fallback"), _("gain")
    lines.append(f"  {'':<22}{near_h:>16}{fb_h:>12}   {gain_h}")
    expected_h = _("expected (in-sample)")
    lines.append(f"  {expected_h:<22}{_pct(nat.expected_nearest):>16}"
                 f"{_pct(nat.expected_fallback):>12}   {_points(nat.expected_gain)}")
    if v.later_period is not None:
        label = _("realised ({period})").format(period=v.later_period)
        lines.append(f"  {label:<22}{_pct(nat.realised_nearest):>16}"
                     f"{_pct(nat.realised_fallback):>12}   {_points(nat.realised_gain)}")
    lines.append(wrap(_("Moved from the nearest office: {moved} of {n} ({share}); extra "
                        "travel for them: median {med} km, 90th percentile {p90} km, 99th "
                        "{p99} km, longest {max} km").format(
        moved=format_number(nat.moved, 0), n=format_number(nat.people, 0),
        share=f"{format_number(100 * nat.moved / nat.people, 1)} %",
        med=format_number(nat.extra_median, 1), p90=format_number(nat.extra_p90, 1),
        p99=format_number(nat.extra_p99, 1), max=format_number(nat.extra_max, 1)), "", "  "))
    if v.later_period is not None:
        lines.append(wrap(_("Contract gone by {period}: {near} of the people under the "
                            "nearest-office rule, {fb} under the fallback").format(
            period=v.later_period, near=_share_of(nat.gone_nearest, nat.people),
            fb=_share_of(nat.gone_fallback, nat.people)), "", "  "))
    lines.append("")
    lines.append(_("Per delivery area:"))
    area_h, people_h, moved_h, nearest_h = _("area"), _("people"), _("moved"), _("nearest")
    gain90_h, realised_h = _("gain (90 %)"), _("realised gain")
    scored = v.later_period is not None
    # scored, the expected gain is shown bare and the realised one with its interval (the
    # figure that counts); the JSON and CSV have every interval
    cols = f"  {area_h:<22}{people_h:>7}{moved_h:>7}{nearest_h:>9}{fb_h:>9}  "
    cols += f"{gain_h:>6}  {realised_h:<21}" if scored else f"{gain90_h:<21}"
    lines.append(cols + _("extra km (median/max)"))
    for a in v.areas:
        name = a.area if len(a.area) <= 21 else a.area[:20] + "…"
        row = (f"  {name:<22}{a.people:>7}{a.moved:>7}{_pct(a.expected_nearest):>9}"
               f"{_pct(a.expected_fallback):>9}  ")
        if scored:
            row += f"{_signed(a.expected_gain.mean):>6}  {_points(a.realised_gain):<21}"
        else:
            row += f"{_points(a.expected_gain):<21}"
        row += (f"{format_number(a.extra_median, 1)}/"  # same precision: 0.3/0 misled
                f"{format_number(a.extra_max, 1 if a.extra_max < 10 else 0)}")
        lines.append(row)
    lines.append("")
    lines += _loads_text(v)
    lines += [wrap(x, "  - ", "    ") for x in notes]
    return "\n".join(lines) + "\n"


def _share_of(k: int, n: int) -> str:
    return f"{format_number(100 * k / n, 1)} %" if n else "–"


def _loads_text(v: Verdict) -> list[str]:
    from chooser.cli.common import wrap

    def ratio(load: int, limit: int | None) -> str:
        return f"{load}/{limit}" if limit is not None else str(load)

    busiest = sorted(v.loads, key=lambda c: (-c.fallback, c.ka))[:5]
    lines = [_("Most placed by the fallback (people / limit; the nearest-office rule in "
               "brackets):")]
    for c in busiest:
        lines.append(wrap(f"{c.supplier} (KA {c.ka}, {c.area}): {ratio(c.fallback, c.limit)} "
                          f"({c.nearest})", "  ", "    "))
    over = [c for c in v.loads if c.limit is not None and c.nearest > c.limit]
    if over:
        lines.append(wrap(_("The nearest-office rule sends {n} contracts more than their "
                            "limit; the fallback keeps there only people it has nothing "
                            "reliably better for").format(n=len(over)), "", "  "))
    return lines


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
