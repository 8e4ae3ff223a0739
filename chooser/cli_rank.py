"""``chooser rank``, ``chooser fallback`` and ``chooser simulate``: argument wiring only.

The work is in the pure modules (ranking, fallback, simulate); the words in rank_report.
Heavy imports (the gazetteer, rapidfuzz) happen only when a place or coordinates must be
understood: ``--area`` runs without them.
"""

from __future__ import annotations

import argparse
import os
import sys

from chooser.errors import UsageError
from chooser.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.dataset import Dataset
    from chooser.locate import Location
    from chooser.ranking import Needs


def demo_directory() -> str:
    from chooser.paths import data_dir

    return os.path.join(data_dir(), "demo")


def load(args: argparse.Namespace) -> Dataset:
    from chooser.datadir import default_directory, load_directory

    """The dataset a command asked for: --demo, --data DIR, or the embedded snapshot."""
    if getattr(args, "demo", False):
        if args.data:
            raise UsageError("--demo and --data cannot be used together")
        return load_directory(demo_directory())
    return load_directory(args.data or default_directory())


def data_note(ds: Dataset, args: argparse.Namespace) -> dict:
    return {"kind": ds.origin, "directory": args.data, "fictional": ds.origin == "demo"}


def _gazetteer(ds: Dataset):
    from chooser.geo import load_gazetteer
    from chooser.locate import gazetteer_for

    return gazetteer_for(ds, load_gazetteer())


def parse_at(text: str) -> tuple[float, float]:
    try:
        lat_s, lon_s = text.split(",")
        return float(lat_s), float(lon_s)
    except ValueError:
        raise UsageError(f'--at: expected LAT,LON in decimal degrees such as 60.15,15.19, '
                         f'found "{text}"') from None


def locate(ds: Dataset, args: argparse.Namespace) -> Location:
    from chooser import locate as loc

    if args.area:
        return loc.by_area(ds, args.area)
    if args.at:
        return loc.by_point(ds, _gazetteer(ds), *parse_at(args.at))
    return loc.by_place(ds, _gazetteer(ds), args.place)


def _level(text: str | None) -> str | None:
    if text is None:
        return None
    level = text.strip().upper()
    if level not in ("A", "B", "C"):
        raise UsageError(f'--level: expected A, B or C, found "{text}"')
    return level


def _languages(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    codes = tuple(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    bad = [c for c in codes if not (len(c) == 2 and c.isascii() and c.isalpha())]
    if bad:
        raise UsageError(f'--lang: expected two-letter language codes (ISO 639-1) separated '
                         f'by commas, such as "ar,so", found "{bad[0]}"')
    return codes


def needs_from(args: argparse.Namespace, loc: Location) -> Needs:
    from chooser.ranking import Needs

    max_km = getattr(args, "max_km", None)
    if max_km is not None and max_km <= 0:
        raise UsageError(f"--max-km: expected a distance above 0 km, found {max_km}")
    return Needs(loc.areas, loc.lat, loc.lon, _level(args.level),
                 _languages(getattr(args, "lang", None)), getattr(args, "remote", False),
                 getattr(args, "accessible", False), max_km)


def print_json(obj: object) -> None:
    """Every command's --json. One line: without indent json uses its C encoder, 10×
    faster on a long ranking; people read it through `jq` or `python -m json.tool`."""
    sys.stdout.write(dumps(obj) + "\n")


def dumps(obj: object) -> str:
    """``json.dumps(obj, ensure_ascii=False)``, the same bytes. It calls the C encoder
    that json.dumps itself uses, because ``import json`` also imports the decoder and
    compiles its regular expressions: 2 ms, a sixth of ``python -c pass``, paid by every
    ``--json`` command for a module it does not use. Falls back to json where CPython's
    ``_json`` is missing."""
    try:
        from _json import encode_basestring, make_encoder
    except ImportError:  # pragma: no cover - not CPython
        import json

        return json.dumps(obj, ensure_ascii=False)

    def refuse(o: object) -> object:
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    # Arguments as json.encoder.JSONEncoder.iterencode passes them for dumps' defaults.
    encode = make_encoder({}, refuse, encode_basestring, None, ": ", ", ",
                          False, False, True)
    return "".join(encode(obj, 0))


def run_rank(args: argparse.Namespace) -> int:
    from chooser import rank_report
    from chooser.ranking import rank

    ds = load(args)
    loc = locate(ds, args)
    ranking = rank(ds, needs_from(args, loc))
    if args.top is not None and args.top < 1:
        raise UsageError(f"--top: expected 1 or more, found {args.top}")
    if args.json:
        print_json(rank_report.ranking_dict(ranking, loc, args.top, data_note(ds, args)))
    else:
        top = args.top if args.top is not None else 10
        sys.stdout.write(rank_report.ranking_text(ranking, loc, top, data_note(ds, args)))
    return 0


def run_fallback(args: argparse.Namespace) -> int:
    from chooser import rank_report
    from chooser.fallback import fallback
    from chooser.ranking import Ranker

    ds = load(args)
    loc = locate(ds, args)
    needs = needs_from(args, loc)
    fb = fallback(Ranker(ds), needs, reach_min_km=args.reach_km,
                  reach_factor=args.reach_factor)
    if args.json:
        print_json(rank_report.fallback_dict(fb, loc, needs.level, data_note(ds, args)))
    else:
        sys.stdout.write(rank_report.fallback_text(fb, loc, needs.level, ds.period,
                                                   data_note(ds, args)))
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from chooser.simulate_io import run

    return run(args, load(args))


def _add_location(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--place", metavar="TEXT",
                       help=_("where the participant lives: postcode, place or municipality"))
    where.add_argument("--at", metavar="LAT,LON", help=_("coordinates in decimal degrees"))
    where.add_argument("--area", metavar="NAME", help=_("a delivery area by name"))
    p.add_argument("--level", metavar="A|B|C", help=_("the participant's AF level"))


def add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                   help=_("directory with AF's files (and offices, status, satisfaction, "
                          "profiles) instead of the embedded data"))
    p.add_argument("--demo", action="store_true",
                   help=_("use the fictional demo world (data/demo), not AF's data"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def add_rank(p: argparse.ArgumentParser) -> None:
    _add_location(p)
    p.add_argument("--lang", metavar="CODES",
                   help=_("languages the participant needs, e.g. ar,so (any one will do)"))
    p.add_argument("--remote", action="store_true", help=_("needs remote meetings"))
    p.add_argument("--accessible", action="store_true", help=_("needs accessible premises"))
    p.add_argument("--max-km", type=float, metavar="N",
                   help=_("furthest the participant can travel to an office"))
    p.add_argument("--top", type=int, metavar="N",
                   help=_("show the first N (text default 10; JSON default all)"))
    add_common(p)


def add_fallback(p: argparse.ArgumentParser) -> None:
    from chooser.fallback import REACH_FACTOR, REACH_MIN_KM

    _add_location(p)
    p.add_argument("--reach-km", type=float, default=REACH_MIN_KM, metavar="KM",
                   help=_("reach is at least this far (default {d:g} km)").format(
                       d=REACH_MIN_KM))
    p.add_argument("--reach-factor", type=float, default=REACH_FACTOR, metavar="X",
                   help=_("… or X times the nearest office's distance (default {d:g})").format(
                       d=REACH_FACTOR))
    add_common(p)


def add_simulate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--participants", metavar="FILE.csv", required=True,
                   help=_("CSV with ID and LAT,LON or KOMMUN, optionally NIVÅ"))
    p.add_argument("--capacity", type=int, metavar="N",
                   help=_("no contract takes more than N of these participants"))
    add_common(p)
