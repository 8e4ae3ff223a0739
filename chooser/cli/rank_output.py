"""What ``chooser rank`` and ``chooser fallback`` say: JSON-ready dicts and plain text.

The dict keys are a contract with other tools (issue 4 names them): add keys, never
rename or remove them. Reasons are rendered in the current language; what they say is
also in ``evidence`` and ``needs`` as numbers and states for programs, and exclusions
and the fallback carry their message ids (``reason_code(s)``).
"""

from __future__ import annotations

from chooser.cli.common import wrap
from chooser.core.reasons import Reason
from chooser.text.i18n import _, format_month
from chooser.text.phrases import fallback_choice, km, stars
from chooser.text.render import render

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - for annotations; importing them costs start-up
    from chooser.core.fallback import Expected, Fallback
    from chooser.core.model import Office
    from chooser.core.ranking import Ranked, Ranking
    from chooser.core.stats import Estimate, Shrunk
    from chooser.geo.locate import Location


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _shrunk(s: Shrunk | None, interval: bool = True) -> dict | None:
    """Counts, shrunk rate and prior; the 90 % interval for the measure the reasons quote
    first (each costs two Beta quantiles, and a list may be long)."""
    if s is None:
        return None
    out = {"k": _r(s.k, 2), "n": s.n, "shrunk": _r(s.rate), "prior": _r(s.prior)}
    if interval:
        out["low"], out["high"] = _r(s.low), _r(s.high)
    return out


def _estimate(e: Estimate | None, interval: bool = True) -> dict | None:
    """What happened (``k`` of ``n``, ``share``) and, named apart, the estimate for people
    like the participant (``estimate`` — also under its old key ``shrunk`` — with the
    interval ``low``–``high``, never narrower than the counts allow)."""
    if e is None:
        return None
    out = {"k": e.k, "n": e.n, "share": _r(e.observed), "shrunk": _r(e.rate),
           "estimate": _r(e.rate), "prior": _r(e.prior)}
    if interval:
        out["low"], out["high"] = _r(e.low), _r(e.high)
    return out


def _codes(reasons: list[Reason]) -> list[dict]:
    return [{"id": r.id, "params": {k: list(v) if isinstance(v, tuple) else v
                                    for k, v in r.params.items()}} for r in reasons]


def _office(o: Office | None) -> dict | None:
    if o is None:
        return None
    return {"address": o.address, "postcode": o.postcode, "town": o.town,
            "lat": o.lat, "lon": o.lon}


def ranked_dict(r: Ranked) -> dict:
    ev = r.evidence
    return {
        "rank": r.rank,
        "ka": r.ka,
        "supplier": r.row.supplier,
        "area": r.row.area,
        "grade": r.stars,
        "grade_published": r.grade.published if r.grade else None,
        "score": _r(r.score),
        "distance_km": _r(r.distance_km, 2),
        "reach_km": _r(r.reach_km, 2),
        "beyond_reach": r.beyond_reach,
        "reasons": [render(x) for x in r.reasons],
        "reason_codes": _codes(r.reasons),
        "at_risk": r.at_risk,
        # the nearest office (as of the office list's date: ranking_dict's "offices_as_of")
        "office": _office(r.office),
        "office_town": r.office.town if r.office else None,
        "needs": r.needs,
        "evidence": {
            "level": ev.level,
            "work": _estimate(ev.work),
            "kept": _estimate(ev.kept),
            "weighted": {"value": r.row.weighted,
                         **(_shrunk(ev.weighted, ev.level is None) or {})},
            "satisfaction": _shrunk(ev.satisfaction, False),
            "participants": r.row.participants,
        },
    }


def _place(loc: Location) -> dict:
    m = loc.match
    return {"label": loc.label, "areas": list(loc.areas), "lat": loc.lat, "lon": loc.lon,
            "municipality": m.kommun if m else None,
            "area_source": m.area_source if m else "named"}


def ranking_dict(ranking: Ranking, loc: Location, top: int | None, data: dict) -> dict:
    shown = ranking.ranked if top is None else ranking.ranked[:top]
    return {
        "area": " / ".join(loc.areas),
        "period": ranking.period,
        "level": ranking.needs.level,
        "ranked": [ranked_dict(r) for r in shown],
        "excluded": [{"ka": e.ka, "supplier": e.supplier, "reason": render(e.reason),
                      "area": e.area, "distance_km": _r(e.distance_km, 2),
                      "reason_code": _codes([e.reason])[0]} for e in ranking.excluded],
        "areas": list(loc.areas),
        "place": _place(loc),
        "needs": {"languages": list(ranking.needs.languages), "remote": ranking.needs.remote,
                  "accessible": ranking.needs.accessible, "max_km": ranking.needs.max_km},
        "notes": [render(n) for n in ranking.notes],
        "total_ranked": len(ranking.ranked),
        "data": data,
    }


def _brief(r: Ranked | None) -> dict | None:
    if r is None:
        return None
    return {"ka": r.ka, "supplier": r.row.supplier, "distance_km": _r(r.distance_km, 2),
            "grade": r.stars,
            "grade_published": r.grade.published if r.grade else None,
            "area": r.row.area, "at_risk": r.at_risk, "score": _r(r.score)}


def fallback_dict(fb: Fallback, loc: Location, level: str | None, data: dict) -> dict:
    return {
        "nearest": _brief(fb.nearest),
        "recommended": _brief(fb.recommended),
        "reasons": [render(x) for x in fb.reasons],
        "reason_codes": _codes(fb.reasons),
        "reach_km": _r(fb.reach_km, 2),
        "area_level": fb.area_level,
        "level": level,
        "area": " / ".join(loc.areas),
        "place": _place(loc),
        "data": data,
        # the numbers behind the words: the expected share for the level at each, with
        # the 80 % interval the rule uses, and the gain (null when not moved)
        "moved": fb.moved,
        "extra_km": _r(fb.extra_km, 2),
        "expected": {"nearest": _expected(fb.nearest_estimate),
                     "recommended": _expected(fb.recommended_estimate)},
        "gain": None if fb.gain is None else {"mean": _r(fb.gain.mean), "low": _r(fb.gain.low),
                                              "high": _r(fb.gain.high)},
    }


def _expected(e: Expected | None) -> dict | None:
    """The fallback's expected share at one contract, with the interval its rule uses."""
    if e is None:
        return None
    low, high = e.interval()
    return {"rate": _r(e.rate), "low": _r(low), "high": _r(high)}


# --- text -----------------------------------------------------------------------------

def _header(loc: Location, level: str | None, period: str | None, data: dict) -> list[str]:
    who = _("level {level}").format(level=level) if level else _("level not known")
    lines = [wrap(_("{place}: {areas} — {who}, AF's results for {month}").format(
        place=loc.label, areas=" / ".join(loc.areas), who=who, month=format_month(period)),
        "", "  ")]
    if data.get("fictional"):
        lines.append(_("FICTIONAL demo data: no real supplier is shown."))
    return lines


def ranking_text(ranking: Ranking, loc: Location, top: int | None, data: dict) -> str:
    lines = _header(loc, ranking.needs.level, ranking.period, data)
    lines += [wrap(render(n), "  ", "  ") for n in ranking.notes]
    shown = ranking.ranked if top is None else ranking.ranked[:top]
    if not shown:
        lines.append(_("No contract can take you with these needs and limits."))
    for r in shown:
        grade = stars(r.stars)
        lines.append("")
        lines.append(f"{r.rank:>3}. {r.row.supplier}  {grade}  {km(r.distance_km)}".rstrip())
        lines.append("     " + _("KA {ka}, {area}").format(ka=r.ka, area=r.row.area))
        lines += [wrap(render(x), "     - ", "       ") for x in r.reasons]
    if top is not None and len(ranking.ranked) > top:
        lines.append("")
        lines.append(_("… and {n} more (use --top to see them).").format(
            n=len(ranking.ranked) - top))
    if ranking.excluded:
        lines.append("")
        lines.append(_("Not possible for you ({n}):").format(n=len(ranking.excluded)))
        lines += [wrap(f"{e.supplier} (KA {e.ka}): {render(e.reason)}", "  ", "    ")
                  for e in ranking.excluded]
    return "\n".join(lines) + "\n"


def fallback_text(fb: Fallback, loc: Location, level: str | None, period: str | None,
                  data: dict) -> str:
    lines = _header(loc, level, period, data)

    def line(label: str, r: Ranked | None) -> str:
        return wrap(f"{label}: {fallback_choice(r)}", "", "  ")

    lines.append(line(_("AF's nearest-office rule"), fb.nearest))
    lines.append(line(_("Best-performer fallback"), fb.recommended))
    lines += [wrap(render(x), "  - ", "    ") for x in fb.reasons]
    return "\n".join(lines) + "\n"
