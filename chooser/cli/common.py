"""What every command shares: loading the dataset asked for, places and points, JSON out,
the common options, text folded to the terminal.

Command-line commands never import Textual (start-up time is a budget). Heavy imports
(the gazetteer, rapidfuzz) happen only when a place or coordinates must be understood.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from chooser.core.errors import UsageError
from chooser.core.printable import printable, printable_lines
from chooser.text.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.core.dataset import Dataset
    from chooser.geo.gazetteer import Gazetteer


def demo_directory() -> str:
    from chooser.storage.paths import data_dir

    return os.path.join(data_dir(), "demo")


def load(args: argparse.Namespace) -> Dataset:
    from chooser.storage.load import default_directory, load_directory

    """The dataset a command asked for: --demo, --data DIR, or the embedded snapshot."""
    if getattr(args, "demo", False):
        if args.data:
            raise UsageError(_("--demo and --data cannot be used together"))
        return load_directory(demo_directory())
    return load_directory(args.data or default_directory())


def data_note(ds: Dataset, args: argparse.Namespace) -> dict:
    return {"kind": ds.origin, "directory": args.data, "fictional": ds.origin == "demo",
            "offices_as_of": ds.offices_as_of}


def gazetteer(ds: Dataset) -> Gazetteer:
    """The gazetteer as this dataset sees it: only its delivery areas, and its official
    municipality → area table, if it has one, wins over the committed table."""
    from chooser.geo.locate import gazetteer_for
    from chooser.storage.geodata import load_gazetteer

    return gazetteer_for(ds, load_gazetteer())


def parse_at(text: str) -> tuple[float, float]:
    try:
        lat_s, lon_s = text.split(",")
        return float(lat_s), float(lon_s)
    except ValueError:
        raise UsageError(_('--at: expected LAT,LON in decimal degrees such as 60.15,15.19, '
                           'found "{text}"').format(text=text)) from None


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


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter asks shutil for the terminal width, and importing shutil
    (with bz2 and lzma) costs a tenth of the start-up budget; os can answer too."""

    def __init__(self, prog: str) -> None:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 80
        super().__init__(prog, width=max(40, min(width, 100) - 2))

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # the epilog's paragraphs (what the words mean) stay paragraphs
        return "\n\n".join(super(HelpFormatter, self)._fill_text(p, width, indent)
                           for p in text.split("\n\n"))


def add_info_options(p: argparse.ArgumentParser) -> None:
    # SUPPRESS lets --data stand before or after the command without one clobbering the other
    p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                   help=_("directory with AF's files to use instead of the embedded data "
                          "(and an official municipality → area table, if it has one)"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                   help=_("directory with AF's files (and offices, status, satisfaction, "
                          "profiles) instead of the embedded data"))
    p.add_argument("--demo", action="store_true",
                   help=_("use the fictional demo world (data/demo), not AF's data"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def wrap(text: str, first: str = "", rest: str = "     ", width: int = 80) -> str:
    """One line of output folded to an 80-column terminal, continuation lines indented."""
    if len(first) + len(text) <= width:
        return first + text
    import textwrap  # only for long lines of text output

    # keep "1 of 4" (after the stars) on one line: a grade split over two lines misleads
    text = text.replace(" of 4", "\u00a0of\u00a04")
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False)


def collector_on() -> None:
    """For processes that run for long (the app, the kiosk, serve): everything loaded so
    far lives until the end, so it is moved out of the collector's sight (``gc.freeze``)
    and the collector is turned on for what comes after (see the top of cli/main.py)."""
    gc.freeze()
    gc.enable()


# --- numbers on the command line -------------------------------------------------------
#
# argparse's float() takes "nan", "inf" and "1e309" (infinity), and int() takes any
# number of digits: a distance of NaN km matches nothing and silently says so, a limit of
# -1 reaches C++ code that crashes. Every number a command takes is checked here, with
# its range, and a wrong one is one sentence naming the option.

def number(low: float, high: float, *, above: bool = False):
    """An argparse type: a finite decimal number from ``low`` (or above it, with
    ``above``) to ``high``."""
    def parse(text: str) -> float:
        try:
            x = float(text)
        except ValueError:
            x = float("nan")
        if not (low < x <= high if above else low <= x <= high):
            span = (_("above {low} and at most {high}") if above else
                    _("from {low} to {high}")).format(low=f"{low:g}", high=f"{high:g}")
            # in the chosen language, as argparse's own words are (chooser.cli.main)
            raise argparse.ArgumentTypeError(
                _('expected a number {span}, found "{value}"').format(
                    span=span, value=printable(text[:40])))
        return x
    parse.__name__ = "number"
    return parse


def whole(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        given = text.strip()
        digits = given[1:] if given[:1] in ("+", "-") else given
        ok = digits.isascii() and digits.isdigit() and len(digits) <= 12
        n = int(given) if ok else None
        if n is None or not low <= n <= high:
            raise argparse.ArgumentTypeError(
                _('expected a whole number from {low} to {high}, found "{value}"').format(
                    low=low, high=high, value=printable(text[:40])))
        return n
    parse.__name__ = "whole"
    return parse


class Parser(argparse.ArgumentParser):
    """argparse with its errors as one paragraph on stderr, exit 2, like every other
    error chooser reports (argparse prints the usage block first)."""

    def error(self, message: str):  # type: ignore[override]
        more = _("`{prog} --help` lists the options.").format(prog=self.prog)
        self.exit(2, f"{self.prog}: {printable(message)}. {more}\n")


def out(text: str) -> None:
    """Text output that holds data (names, addresses, the place typed): without control
    characters, whatever an index or a file slipped through (core.printable)."""
    sys.stdout.write(printable_lines(text))


def report(exc: BaseException) -> int:
    """An error as one paragraph on stderr; its exit code. Text from data and from the
    command line is printed without control characters (core.printable)."""
    sys.stderr.write(f"chooser: {printable(str(exc))}\n")
    return getattr(exc, "exit_code", 2)
