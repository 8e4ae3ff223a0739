"""The command line: ``chooser info``, ``chooser areas`` …; JSON for scripts with ``--json``.

Command-line commands never import Textual (start-up time is a budget: ``chooser info
--json`` must take at most three times ``python -c pass``). Errors in the data or the
arguments are printed as one paragraph on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

import gc

# Before anything else is imported: a command builds tens of thousands of small objects
# that hold no cycles (modules, then the dataset), and the cyclic collector would scan
# them over and over while they are made — a tenth of the start-up budget. Reference
# counting still frees everything; the interactive app turns the collector back on.
gc.disable()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from chooser import cli_rank  # noqa: E402
from chooser.errors import ChooserError  # noqa: E402
from chooser.i18n import LANGUAGES, N_, _, language_from_environment, set_locale  # noqa: E402

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable


def _cmd_info(args: argparse.Namespace) -> int:
    from chooser.report import info_dict, info_text

    ds = cli_rank.load(args)
    if args.json:
        cli_rank.print_json(info_dict(ds, args.data))
    else:
        sys.stdout.write(info_text(ds, args.data))
    return 0


def _cmd_areas(args: argparse.Namespace) -> int:
    from chooser.report import areas_dict, areas_text

    ds = cli_rank.load(args)
    if args.json:
        cli_rank.print_json(areas_dict(ds))
    else:
        sys.stdout.write(areas_text(ds))
    return 0


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter asks shutil for the terminal width, and importing shutil
    (with bz2 and lzma) costs a tenth of the start-up budget; os can answer too."""

    def __init__(self, prog: str) -> None:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 80
        super().__init__(prog, width=max(40, min(width, 100) - 2))


def _cmd_places(args: argparse.Namespace) -> int:
    from chooser.geo import load_gazetteer
    from chooser.locate import gazetteer_for

    # the dataset's official municipality → area table wins, and its offices refine
    gaz = gazetteer_for(cli_rank.load(args), load_gazetteer())
    if args.at:
        from chooser.cli_rank import parse_at

        hit = gaz.at(*parse_at(args.at))
        query, matches, suggestions = args.at, [hit] if hit else [], []
    else:
        query = " ".join(args.query)
        matches = gaz.lookup(query, args.limit)
        suggestions = [] if matches else gaz.suggestions(query)
    if args.json:
        cli_rank.print_json({"query": query, "matches": [m._asdict() | {"areas": list(m.areas)}
                                                 for m in matches],
                     "suggestions": suggestions})
        return 0
    if not matches:
        sys.stdout.write(_("No place matches \"{q}\".").format(q=query[:60]) + "\n")
        if suggestions:
            sys.stdout.write(_("Did you mean: {names}?").format(names=", ".join(suggestions))
                             + "\n")
        return 0
    how = {"name": _("by name"), "approximate": _("approximate"),
           "official": _("AF's table"), "offices": _("from offices")}
    for m in matches:
        areas = " / ".join(m.areas) or _("unknown")
        sys.stdout.write(f"{m.name} ({_(m.kind)}, {m.kommun}): {areas} "
                         f"[{how.get(m.area_source, m.area_source)}]\n")
    return 0


def _add_places(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="*", help=_("a postcode, place or municipality"))
    p.add_argument("--at", metavar="LAT,LON", help=_("coordinates instead of a name"))
    p.add_argument("--limit", type=int, default=5, help=_("how many matches (default 5)"))
    _add_common(p)


def _add_common(p: argparse.ArgumentParser) -> None:
    # SUPPRESS lets --data stand before or after the command without one clobbering the other
    p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                   help=_("directory with AF's files to use instead of the embedded data "
                          "(and an official municipality → area table, if it has one)"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


# name -> (help, adds the command's own arguments, runs it)
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None],
                          Callable[[argparse.Namespace], int]]] = {
    "info": (N_("what data is loaded"), _add_common, _cmd_info),
    "areas": (N_("the delivery areas, with contracts"), _add_common, _cmd_areas),
    "places": (N_("find a place: postcode, locality or municipality"), _add_places,
               _cmd_places),
    "rank": (N_("rank the contracts for one participant"), cli_rank.add_rank,
             cli_rank.run_rank),
    "fallback": (N_("AF's nearest office vs the best-performer fallback"),
                 cli_rank.add_fallback, cli_rank.run_fallback),
    "simulate": (N_("nearest office vs fallback for many participants"),
                 cli_rank.add_simulate, cli_rank.run_simulate),
    "update": (N_("fetch AF's current data and switch to it when it checks out"),
               lambda p: _lazy("cli_update").add_update(p),
               lambda a: _lazy("cli_update").run_update(a)),
    "kiosk": (N_("the locked kiosk for libraries and offices (staff leave with a PIN)"),
              lambda p: _lazy("cli_kiosk").add_kiosk(p),
              lambda a: _lazy("cli_kiosk").run_kiosk(a)),
    "serve": (N_("the app or the kiosk in a browser (textual-serve)"),
              lambda p: _lazy("cli_kiosk").add_serve(p),
              lambda a: _lazy("cli_kiosk").run_serve(a)),
}


def _lazy(module: str):
    """A command module imported only when its command runs (httpx is heavy)."""
    import importlib

    return importlib.import_module(f"chooser.{module}")


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


# argparse's own words ("usage:", "error:", "show this help message and exit") go
# through chooser's translation like every other string, so that they follow the
# participant's language rather than the machine's. It also spares gettext's catalog
# search, which argparse runs afresh for each of its strings (0.25 ms each, 21 of them:
# a sixth of the start-up budget).
argparse._ = _  # type: ignore[attr-defined]
# argparse's own words that chooser's help shows, marked so that the catalogs carry them
ARGPARSE_WORDS = (N_("usage: "), N_("options"), N_("positional arguments"),
                  N_("show this help message and exit"), N_("%(prog)s: error: %(message)s\n"),
                  N_("the following arguments are required: %s"),
                  N_("unrecognized arguments: %s"), N_("expected one argument"),
                  N_("argument %(argument_name)s: %(message)s"),
                  N_("invalid choice: %(value)r (choose from %(choices)s)"),
                  N_("invalid %(type)s value: %(value)r"))
argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def make_app(args: argparse.Namespace):
    """The app `chooser` opens; the start-up benchmark builds it the same way."""
    from chooser.advisor import Advisor
    from chooser.i18n import locale
    from chooser.tui.app import ChooserApp

    here = locale()  # from --lang or LANG: offered first, and used for everything before
    languages = (here, *[code for code in LANGUAGES if code != here])
    return ChooserApp(Advisor(cli_rank.load(args)), counsellor=args.counsellor,
                      languages=languages, ask_language=args.ui_lang is None)


def _run_app(args: argparse.Namespace) -> int:
    try:
        app = make_app(args)
    except ChooserError as exc:
        sys.stderr.write(f"chooser: {exc}\n")
        return exc.exit_code
    app.run()
    return 0


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only`` (a command named on the command line), the other
    commands are left out altogether, which keeps start-up flat however many commands
    there are. ``chooser --help`` and a mistyped command get them all."""
    parser = argparse.ArgumentParser(
        prog="chooser",
        formatter_class=_HelpFormatter,
        description=_("Choose a supplier in Rusta och matcha 2 with AF's grades and results."),
    )
    parser.add_argument("--data", metavar="DIR", default=None,
                        help=_("directory with AF's files to use instead of the embedded data"))
    parser.add_argument("--demo", action="store_true",
                        help=_("use the FICTIONAL demo world (data/demo)"))
    parser.add_argument("--lang", metavar="CODE", dest="ui_lang", choices=LANGUAGES,
                        help=_("the language chooser speaks: {codes} (default: from LANG; "
                               "before the command)").format(codes=", ".join(LANGUAGES)))
    parser.add_argument("--counsellor", action="store_true",
                        help=_("open the app in counsellor mode: denser, with palette "
                               "commands and a shortlist"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, run) in COMMANDS.items():
        if only is not None and only != name:
            continue
        p = sub.add_parser(name, help=_(help_text), formatter_class=_HelpFormatter)
        add_arguments(p)
        p.set_defaults(func=run)
    return parser


FLAGS = ("-h", "--help", "--json", "--demo", "--counsellor")  # options that take no value


def ui_language(argv: list[str], command: str | None) -> str:
    """`--lang CODE` before the command (after it, `rank --lang` names the languages a
    participant needs), else the environment's LANG and friends."""
    before = argv[:argv.index(command)] if command in argv else argv
    for i, a in enumerate(before):
        code = a.split("=", 1)[1] if a.startswith("--lang=") else (
            before[i + 1] if a == "--lang" and i + 1 < len(before) else None)
        if code in LANGUAGES:
            return code
    return language_from_environment()


def _command_named(argv: list[str]) -> str | None:
    """The first word that is a command, skipping the value of an option before it
    (``--data info`` names a directory called "info")."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in COMMANDS:
            return a
        elif a.startswith("-") and "=" not in a and a not in FLAGS:
            skip = True
    return None


def _no_terminal(args: argparse.Namespace) -> int:
    """`chooser` in a pipe or CI: the app cannot run, so say so, show what data the app
    would use (which proves it loads) and name the commands that work without a terminal."""
    from chooser.report import info_text

    try:
        ds = cli_rank.load(args)
    except ChooserError as exc:
        sys.stderr.write(f"chooser: {exc}\n")
        return exc.exit_code
    sys.stdout.write(_("The app needs a terminal; this is not one. The data it would use:")
                     + "\n\n" + info_text(ds, getattr(args, "data", None)) + "\n")
    sys.stdout.write(_("Without a terminal, use a command, for example:") + "\n"
                     "  chooser rank --place Ludvika --level B\n"
                     + _("Commands: {names}. `chooser --help` explains them.").format(
                         names=", ".join(COMMANDS)) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    gc.disable()  # see the top of this module; main() may be called after gc.enable()
    argv = sys.argv[1:] if argv is None else argv
    command = _command_named(argv)
    set_locale(ui_language(argv, command))
    parser = build_parser(only=command)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        served = "TEXTUAL_DRIVER" in os.environ  # textual-serve's browser terminal
        if not (served or (sys.stdin.isatty() and sys.stdout.isatty())):
            return _no_terminal(args)
        return _run_app(args)
    try:
        return int(args.func(args))
    except ChooserError as exc:
        sys.stderr.write(f"chooser: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `chooser areas | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
