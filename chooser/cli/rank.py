"""``chooser rank``, ``chooser fallback`` and ``chooser simulate``: argument wiring only.

The work is in the pure core (ranking, fallback, simulate); the words in rank_output.
Heavy imports (the gazetteer, rapidfuzz) happen only when a place or coordinates must be
understood: ``--area`` runs without them.
"""

from __future__ import annotations

import argparse

from chooser.cli import common
from chooser.core.errors import UsageError
from chooser.text.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.core.dataset import Dataset
    from chooser.core.ranking import Needs
    from chooser.geo.locate import Location


WHERE_WORDS = {"area": "delivery area's name", "place": "postcode, place or municipality",
               "at": "LAT,LON pair"}


def locate(ds: Dataset, args: argparse.Namespace) -> Location:
    from chooser.geo import locate as loc

    for option in ("area", "place", "at"):  # "" is given, but names nothing
        value = getattr(args, option)
        if value is not None and not value.strip():
            raise UsageError(f"--{option}: expected a {WHERE_WORDS[option]}, found nothing")
    if args.area:
        return loc.by_area(ds, args.area)
    try:
        if args.at:
            return loc.by_point(ds, common.gazetteer(ds), *common.parse_at(args.at))
        return loc.by_place(ds, common.gazetteer(ds), args.place)
    except loc.NotCovered as exc:
        raise UsageError(f"{exc} " + _("Name an area with --area; `chooser areas` lists "
                                       "them.")) from None


def _level(text: str | None) -> str | None:
    if text is None:
        return None
    level = text.strip().upper()
    if level not in ("A", "B", "C"):
        raise UsageError(_('--level: expected A, B or C, found "{text}"').format(text=text))
    return level


def _languages(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    codes = tuple(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    known = language_codes()
    bad = [c for c in codes if c not in known]
    if bad:
        raise UsageError(_('--lang: "{code}" is not a language code. Use two-letter codes '
                           '(ISO 639-1) separated by commas, such as "ar,so". Known codes: '
                           '{codes}').format(code=bad[0], codes=", ".join(sorted(known))))
    return codes


def language_codes() -> set[str]:
    """The two-letter language codes (ISO 639-1) babel knows: "xx" is not a language,
    and a participant who "needs xx" would only be told that no supplier's is known."""
    from babel import Locale

    return {c for c in Locale("en").languages if len(c) == 2 and c.isalpha()}


def needs_from(args: argparse.Namespace, loc: Location) -> Needs:
    from chooser.core.ranking import Needs

    max_km = getattr(args, "max_km", None)
    if max_km is not None and max_km <= 0:
        raise UsageError(_("--max-km: expected a distance above 0 km, found {n}").format(
            n=max_km))
    return Needs(loc.areas, loc.lat, loc.lon, _level(args.level),
                 _languages(getattr(args, "lang", None)), getattr(args, "remote", False),
                 getattr(args, "accessible", False), max_km)


def run_rank(args: argparse.Namespace) -> int:
    from chooser.cli import rank_output as rank_report
    from chooser.core.ranking import rank

    ds = common.load(args)
    loc = locate(ds, args)
    ranking = rank(ds, needs_from(args, loc))
    if args.json:
        note = common.data_note(ds, args)
        common.print_json(rank_report.ranking_dict(ranking, loc, args.top, note))
    else:
        top = args.top if args.top is not None else 10
        common.out(rank_report.ranking_text(ranking, loc, top, common.data_note(ds, args)))
    return 0


def run_fallback(args: argparse.Namespace) -> int:
    from chooser.cli import rank_output as rank_report
    from chooser.core.fallback import fallback
    from chooser.core.ranking import Ranker

    ds = common.load(args)
    loc = locate(ds, args)
    needs = needs_from(args, loc)
    fb = fallback(Ranker(ds), needs, reach_min_km=args.reach_km,
                  reach_factor=args.reach_factor)
    if args.json:
        note = common.data_note(ds, args)
        common.print_json(rank_report.fallback_dict(fb, loc, needs.level, note))
    else:
        common.out(rank_report.fallback_text(fb, loc, needs.level, ds.period,
                                                   common.data_note(ds, args)))
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from chooser.cli.simulate import run

    later = None
    if args.score_with is not None:
        from chooser.storage.load import load_directory

        later = load_directory(args.score_with)
    return run(args, common.load(args), later)


def _add_location(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--place", metavar="TEXT",
                       help=_("where the participant lives: postcode, place or municipality"))
    where.add_argument("--at", metavar="LAT,LON", help=_("coordinates in decimal degrees"))
    where.add_argument("--area", metavar="NAME", help=_("a delivery area by name"))
    p.add_argument("--level", metavar="A|B|C", help=_("the participant's AF level"))


MAX_KM = 2000.0  # Sweden is 1,600 km from end to end


def add_rank(p: argparse.ArgumentParser) -> None:
    _add_location(p)
    p.add_argument("--lang", metavar="CODES",
                   help=_("languages the participant needs, e.g. ar,so (any one will do)"))
    p.add_argument("--remote", action="store_true", help=_("needs remote meetings"))
    p.add_argument("--accessible", action="store_true", help=_("needs accessible premises"))
    p.add_argument("--max-km", type=common.number(0, MAX_KM, above=True), metavar="N",
                   help=_("furthest the participant can travel to an office"))
    p.add_argument("--top", type=common.whole(1, 100_000), metavar="N",
                   help=_("show the first N (text default 10; JSON default all)"))
    common.add_common(p)


def add_fallback(p: argparse.ArgumentParser) -> None:
    from chooser.core.fallback import REACH_FACTOR, REACH_MIN_KM

    _add_location(p)
    p.add_argument("--reach-km", type=common.number(0, MAX_KM), default=REACH_MIN_KM,
                   metavar="KM",
                   help=_("reach is at least this far (default {d:g} km)").format(
                       d=REACH_MIN_KM))
    p.add_argument("--reach-factor", type=common.number(1, 100), default=REACH_FACTOR,
                   metavar="X",
                   help=_("… or X times the nearest office's distance (default {d:g})").format(
                       d=REACH_FACTOR))
    common.add_common(p)


def add_simulate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--participants", metavar="FILE.csv", required=True,
                   help=_("CSV with ID and LAT,LON or KOMMUN, optionally NIVÅ"))
    from chooser.core.capacity import HEADROOM

    limit = p.add_mutually_exclusive_group()
    limit.add_argument("--headroom", type=common.number(0, 100, above=True), default=HEADROOM,
                       metavar="X",
                       help=_("a contract may take non-choosers up to this multiple of its "
                              "intake (default {d:g})").format(d=HEADROOM))
    limit.add_argument("--capacity", type=common.whole(1, 10_000_000), metavar="N",
                       help=_("no contract takes more than N of these participants"))
    limit.add_argument("--no-capacity", action="store_true",
                       help=_("no capacity limit at all (for comparison)"))
    p.add_argument("--score-with", metavar="LATER_DIR",
                   help=_("score the placements with a later dataset's results (a disjoint "
                          "cohort)"))
    p.add_argument("--csv", action="store_true", help=_("print the per-area table as CSV"))
    p.add_argument("--plot", metavar="FILE.svg",
                   help=_("write a chart (SVG): per area, nearest office vs fallback with "
                          "intervals"))
    common.add_common(p)
