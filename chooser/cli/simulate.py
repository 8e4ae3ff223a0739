"""``chooser simulate``: read the participants file, place each person, report.

Participants with the same place and level share one computation: a population of
180,000 lives in a few thousand distinct places.
"""

from __future__ import annotations

import argparse
import sys

from chooser.cli.common import wrap
from chooser.core.dataset import Dataset
from chooser.core.errors import DataError, UsageError
from chooser.text.i18n import _, format_number


def _needs_for(ds: Dataset, gaz, table, people):
    """(id, Needs) per participant; DataError naming row and column for a bad place."""
    from chooser.core.ranking import Needs

    points: dict[tuple[float, float], tuple[str, ...] | None] = {}
    out = []
    for p in people:
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
        if not areas:
            raise table.error("no delivery area with contracts in this dataset covers this "
                              "place", row=p.row,
                              column="KOMMUN" if p.kommun is not None else "LAT")
        out.append((p.id, Needs(areas, lat, lon, p.level)))
    return out


def run(args: argparse.Namespace, ds: Dataset) -> int:
    """Read the participants, place them, simulate both rules and print the result."""
    from chooser.core.ranking import Ranker
    from chooser.core.simulate import simulate
    from chooser.geo.locate import gazetteer_for
    from chooser.sources import participants
    from chooser.storage.geodata import load_gazetteer

    if args.capacity is not None and args.capacity < 1:
        raise UsageError(f"--capacity: expected 1 or more, found {args.capacity}")
    try:
        table, people = participants.read(args.participants)
    except FileNotFoundError:
        raise DataError(args.participants, "the participants file does not exist") from None
    gaz = gazetteer_for(ds, load_gazetteer())
    needs = _needs_for(ds, gaz, table, people)
    sim = simulate(Ranker(ds), needs, args.capacity)
    notes = []
    if sim.volume_baseline:
        notes.append(_("no office locations for {n} participants: their nearest-office "
                       "baseline is the area's volume-proportional mix (each contract in "
                       "proportion to the participants it has)").format(n=sim.volume_baseline))
    if sim.split_areas:
        notes.append(_("{n} participants live in municipalities split between delivery "
                       "areas; contracts in all of them were candidates").format(
                           n=sim.split_areas))
    if sim.unassigned:
        notes.append(_("{n} participants could not be assigned: every contract within "
                       "reach was full").format(n=sim.unassigned))
    if args.json:
        import json

        out = {
            "participants": len(people),
            "assigned": [{"id": a.id, "nearest_ka": a.nearest, "recommended_ka": a.recommended}
                         for a in sim.assigned],
            "load": dict(sorted(sim.load.items())),
            "expected": {"nearest": _r(sim.nearest_rate), "recommended": _r(sim.recommended_rate)},
            "baseline": ("nearest office" if not sim.volume_baseline else
                         "volume-proportional" if sim.volume_baseline == len(people) else
                         "mixed"),
            "capacity": args.capacity,
            "unassigned": sim.unassigned,
            "notes": notes,
            "period": ds.period,
            "data": {"kind": ds.origin, "directory": args.data,
                     "fictional": ds.origin == "demo"},
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return 0
    lines = [_("{n} participants, AF's results for {period}").format(n=len(people),
                                                                      period=ds.period)]
    if ds.origin == "demo":
        lines.append(_("FICTIONAL demo data: no real supplier is shown."))
    lines.append(_("Expected share getting work or studies:"))
    lines.append("  " + _("AF's nearest-office rule: {rate}").format(rate=_pct(sim.nearest_rate)))
    lines.append("  " + _("best-performer fallback:  {rate}").format(
        rate=_pct(sim.recommended_rate)))
    busiest = sorted(sim.load.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    if busiest:
        lines.append(wrap(_("Most assigned: {list}").format(
            list=", ".join(f"KA\u00a0{ka}\u00a0({n})" for ka, n in busiest)), "", "  "))
    lines += [wrap(n, "  - ", "    ") for n in notes]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _pct(x: float | None) -> str:
    return _("unknown") if x is None else f"{format_number(100 * x, 1)} %"
