"""``chooser info``, ``chooser areas`` and ``chooser places``: what they say, as JSON-ready
dicts and as text.

The dict keys are a contract with scripts: add keys, never rename or remove them.
"""

from __future__ import annotations

import argparse

from chooser.cli import common
from chooser.core.dataset import Dataset, swedish_key
from chooser.text.i18n import _, ngettext
from chooser.text.phrases import fetched_at, stars


def grade_counts(ds: Dataset) -> dict[str, int]:
    counts = {"1": 0, "2": 0, "3": 0, "4": 0, "none": 0}
    latest = ds.latest_grades
    for r in ds.contracts:
        g = latest.get(r.ka)
        counts["none" if g is None or g.grade is None else str(g.grade)] += 1
    return counts


def at_risk_count(ds: Dataset) -> int | None:
    """Contracts AF flags RISKERAR HÄVNING; None when AF did not publish the column."""
    if not ds.at_risk_published():
        return None
    return sum(1 for r in ds.contracts if r.at_risk)


def office_counts(ds: Dataset) -> dict:
    """Current contracts with at least one office, their offices, and the day AF's list
    was downloaded (every distance is as of then)."""
    current = [ka for ka in ds.by_ka if ds.offices.get(ka)]
    return {"contracts": len(current), "offices": sum(len(ds.offices[ka]) for ka in current),
            "as_of": ds.offices_as_of, "listed_contracts": len(ds.offices),
            "listed_offices": sum(len(o) for o in ds.offices.values())}


def consistency(ds: Dataset) -> dict[str, list[str]] | None:
    """The office list against the results, as the index keeps it (worked out when the
    dataset's index was written; a folder given with --data works it out now)."""
    if ds.precomputed is not None and ds.precomputed.consistency is not None:
        return ds.precomputed.consistency
    from chooser.storage.prepare import office_consistency

    return office_consistency(ds)


def info_dict(ds: Dataset, directory: str | None) -> dict:
    return {
        "period": ds.period,
        "contracts": len(ds.contracts),
        "suppliers": len(ds.by_supplier),
        "areas": len(ds.by_area),
        "grades": grade_counts(ds),
        "grades_published": ds.grades_published(),
        "at_risk": at_risk_count(ds),
        "results_periods": list(ds.periods),
        "dataset": {"kind": ds.origin, "directory": directory, "path": ds.directory,
                    "fetched_at": fetched_at(ds)},
        "sources": [
            {"file": s.file, "kind": s.kind, "periods": list(s.periods), "origin": s.origin,
             "fetched_at": s.fetched_at}
            for s in ds.sources
        ],
        "offices": office_counts(ds) if ds.offices else None,
        "consistency": consistency(ds),
    }


def info_text(ds: Dataset, directory: str | None) -> str:
    from chooser.text.i18n import format_month

    d = info_dict(ds, directory)
    kind = {"snapshot": _("embedded snapshot"), "update": _("updated dataset"),
            "demo": _("FICTIONAL demo world (not AF's data)")}.get(
        ds.origin, _("directory {path}").format(path=directory))
    published = format_month(d["grades_published"])
    fetched = d["dataset"]["fetched_at"]
    if fetched:  # "2026-11-21T10:02:03Z" → "2026-11-21 10:02 UTC"
        kind += ", " + _("fetched {when}").format(when=fetched[:16].replace("T", " ") + " UTC")
    lines = [
        _("Data: {kind}").format(kind=kind),
        _("Follow-up: {month} ({period})").format(month=format_month(ds.period),
                                                   period=ds.period),
        _("{contracts} contracts, {suppliers} suppliers, {areas} delivery areas").format(**d),
        _("Grades published by AF in {month}; each grade is for one delivery area:").format(
            month=published),
    ]
    for key in ("4", "3", "2", "1"):
        lines.append(f"  {stars(int(key)):<14} {d['grades'][key]:>5}")
    lines.append(f"  {stars(None):<14} {d['grades']['none']:>5}")
    if d["at_risk"] is None:
        lines.append(_("At risk of termination: not published by AF for {month}").format(
            month=format_month(ds.period)))
    else:
        n = d["at_risk"]
        lines.append(ngettext("At risk of termination (AF): {n} contract",
                              "At risk of termination (AF): {n} contracts", n).format(n=n))
    if ds.origin == "update" and ds.directory:
        lines.append(_("Stored in: {path}").format(path=ds.directory))
    lines.append(_("Sources:"))
    supplement_counts = {"offices": len(ds.offices), "status": len(ds.status),
                         "profiles": len(ds.profiles)}
    for s in d["sources"]:
        if s["kind"] == "area map":
            periods = _("official municipality → delivery area table")
        elif s["kind"] in supplement_counts:  # not per period: say how much it covers
            periods = ngettext("{n} contract", "{n} contracts",
                               supplement_counts[s["kind"]]).format(n=supplement_counts[s["kind"]])
        elif len(s["periods"]) > 3:  # a span fits an 80-column terminal; JSON has them all
            periods = _("{first} – {last} ({n} periods)").format(
                first=s["periods"][0], last=s["periods"][-1], n=len(s["periods"]))
        elif s["periods"]:
            periods = ", ".join(s["periods"])
        else:
            periods = _("none used (revised by a newer file)")
        line = f"  {s['file']}  {s['kind']}: {periods}"
        if s["origin"] and s["origin"] != s["file"]:
            origin = f"← {s['origin']}"
            # on its own line when both would not fit an 80-column terminal
            line += f"  {origin}" if len(line) + len(origin) < 78 else f"\n      {origin}"
        lines.append(line)
    lines += _offices_text(d)
    return "\n".join(lines) + "\n"


def _offices_text(d: dict) -> list[str]:
    from chooser.cli.common import wrap

    o, c = d["offices"], d["consistency"]
    if not o:
        return [_("Offices: none loaded, so no distance or nearest office can be shown")]
    lines = [wrap(_("Offices (AF's supplier search, as of {day}): {contracts} of {total} "
                    "current contracts have at least one, {offices} offices in all").format(
        day=o["as_of"] or "?", contracts=o["contracts"], total=d["contracts"],
        offices=o["offices"]), "", "  ")]
    if c is None:
        return lines
    lines.append(_("Office list against the results:"))
    for key, text in (
            ("no_office", _("contracts in the results with no office known")),
            ("not_in_results", _("office entries whose contract is not in the current "
                                 "results")),
            ("outside_area", _("contracts whose offices all lie outside their delivery "
                               "area's municipalities"))):
        # the KA numbers are in `chooser info --json`
        lines.append(wrap(f"{len(c[key]):>5}  {text}", "  ", "         "))
    return lines


def areas_dict(ds: Dataset) -> dict:
    areas = []
    for area in ds.areas():
        rows = ds.by_area[area]
        graded = 0
        for r in rows:
            g = ds.grade(r.ka)
            graded += g is not None and g.grade is not None
        regions = sorted({ds.catalog[r.ka][2] for r in rows if ds.catalog[r.ka][2]})
        areas.append({"area": area, "contracts": len(rows), "graded": graded,
                      "region": regions[0] if len(regions) == 1 else (regions or None)})
    return {"period": ds.period, "areas": areas}


def areas_text(ds: Dataset) -> str:
    d = areas_dict(ds)
    width = max((len(a["area"]) for a in d["areas"]), default=10)
    head = f"{_('Delivery area'):<{width}}  {_('Contracts'):>9}  {_('Graded'):>6}  {_('Region')}"
    lines = [head]
    for a in sorted(d["areas"], key=lambda a: swedish_key(a["area"])):
        region = a["region"] if isinstance(a["region"], str) else ", ".join(a["region"] or [])
        lines.append(f"{a['area']:<{width}}  {a['contracts']:>9}  {a['graded']:>6}  {region}")
    return "\n".join(lines) + "\n"


# --- the commands ----------------------------------------------------------------------

def run_info(args: argparse.Namespace) -> int:
    ds = common.load(args)
    if args.json:
        common.print_json(info_dict(ds, args.data))
    else:
        common.out(info_text(ds, args.data))
    return 0


def run_areas(args: argparse.Namespace) -> int:
    ds = common.load(args)
    if args.json:
        common.print_json(areas_dict(ds))
    else:
        common.out(areas_text(ds))
    return 0


def run_places(args: argparse.Namespace) -> int:
    # only the dataset's areas; its official municipality → area table, if any, wins
    ds = common.load(args)
    gaz = common.gazetteer(ds)
    if args.at:
        hit = gaz.at(*common.parse_at(args.at))
        query, matches, suggestions = args.at, [hit] if hit else [], []
    else:
        query = " ".join(args.query)
        matches = gaz.lookup(query, args.limit)
        suggestions = [] if matches else gaz.suggestions(query)
    from chooser.geo.locate import office_counts
    from chooser.text.areawords import evidence_words

    current = {m.kommunkod: office_counts(ds, m.kommunkod) for m in matches}
    if args.json:
        # "contracts"/"offices": the table's evidence (every period of the office list it
        # was built from); "current_contracts": the dataset's contracts with an office there
        common.print_json({"query": query, "matches": [
            m._asdict() | {"areas": list(m.areas), "evidence": [
                e._asdict() | {"words": evidence_words(e, m.kommun, current[m.kommunkod]),
                               "current_contracts": None if current[m.kommunkod] is None
                               else current[m.kommunkod].get(e.area, 0)}
                for e in m.evidence]}
            for m in matches], "suggestions": suggestions})
        return 0
    if not matches:
        common.out(_("No place matches \"{q}\".").format(q=query[:60]) + "\n")
        if suggestions:
            common.out(_("Did you mean: {names}?").format(names=", ".join(suggestions))
                             + "\n")
        return 0
    for m in matches:
        areas = " / ".join(m.areas) or _("unknown")
        common.out(f"{m.name} ({_(m.kind)}, {m.kommun}): {areas}\n")
        for e in m.evidence:  # how each area is known, in words
            common.out(f"    {evidence_words(e, m.kommun, current[m.kommunkod])}\n")
    return 0


def add_places(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="*", help=_("a postcode, place or municipality"))
    p.add_argument("--at", metavar="LAT,LON", help=_("coordinates instead of a name"))
    p.add_argument("--limit", type=common.whole(1, 100), default=5,
                   help=_("how many matches (default 5)"))
    common.add_info_options(p)
