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
# counting frees them. The app, the kiosk and `serve` run for hours and leave reference
# cycles behind (every Textual screen holds some), so they turn the collector back on
# (common.collector_on) once the dataset is loaded.
gc.disable()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from chooser.cli import common  # noqa: E402
from chooser.cli import rank as cli_rank  # noqa: E402
from chooser.core.errors import ChooserError  # noqa: E402
from chooser.text.i18n import LANGUAGES, N_, _, language_from_environment, set_locale  # noqa: E402

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable


# name -> (help, adds the command's own arguments, runs it)
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None],
                          Callable[[argparse.Namespace], int]]] = {
    "info": (N_("what data is loaded"), common.add_info_options,
             lambda a: _lazy("info").run_info(a)),
    "areas": (N_("the delivery areas, with contracts"), common.add_info_options,
              lambda a: _lazy("info").run_areas(a)),
    "places": (N_("find a place: postcode, locality or municipality"),
               lambda p: _lazy("info").add_places(p), lambda a: _lazy("info").run_places(a)),
    "rank": (N_("rank the contracts for one participant"), cli_rank.add_rank,
             cli_rank.run_rank),
    "fallback": (N_("AF's nearest office vs the best-performer fallback"),
                 cli_rank.add_fallback, cli_rank.run_fallback),
    "simulate": (N_("nearest office vs fallback for many participants"),
                 cli_rank.add_simulate, cli_rank.run_simulate),
    "update": (N_("fetch AF's current data and switch to it when it checks out"),
               lambda p: _lazy("update").add_update(p),
               lambda a: _lazy("update").run_update(a)),
    "kiosk": (N_("the locked kiosk for libraries and offices (staff leave with a PIN)"),
              lambda p: _lazy("kiosk").add_kiosk(p),
              lambda a: _lazy("kiosk").run_kiosk(a)),
    "serve": (N_("the app or the kiosk in a browser (textual-serve)"),
              lambda p: _lazy("kiosk").add_serve(p),
              lambda a: _lazy("kiosk").run_serve(a)),
}


def _lazy(module: str):
    """A command module imported only when its command runs (httpx is heavy)."""
    import importlib

    return importlib.import_module(f"chooser.cli.{module}")


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
                  N_("invalid %(type)s value: %(value)r"),
                  N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
                  N_("ambiguous option: %(option)s could match %(matches)s"),
                  N_("expected at least one argument"), N_("expected at most one argument"))
argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def make_app(args: argparse.Namespace):
    """The app `chooser` opens; the start-up benchmark builds it the same way."""
    from chooser.text.i18n import locale
    from chooser.tui.advisor import Advisor
    from chooser.tui.app import ChooserApp

    here = locale()  # from --lang or LANG: offered first, and used for everything before
    languages = (here, *[code for code in LANGUAGES if code != here])
    return ChooserApp(Advisor(common.load(args)), counsellor=args.counsellor,
                      languages=languages, ask_language=args.ui_lang is None)


def _run_app(args: argparse.Namespace) -> int:
    try:
        app = make_app(args)
    except ChooserError as exc:
        return common.report(exc)
    common.collector_on()
    app.run()
    return 0


# what `chooser --version` names: the distributions chooser runs on (found by name in the
# installed metadata, so that the command line need not import them to say their version)
COMPONENTS = ("textual", "textual-serve", "httpx", "rapidfuzz", "babel", "platformdirs",
              "openpyxl", "python-bidi", "arabic-reshaper")


def version_text() -> str:
    """chooser's version, Python's, every component's, and the data a command would use."""
    import platform
    from importlib import metadata

    from chooser import __version__

    lines = [f"chooser {__version__}",
             f"Python {platform.python_version()} ({platform.python_implementation()})"]
    for name in COMPONENTS:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} " + _("not installed"))
    try:
        from chooser.storage.load import default_directory, load_directory

        ds = load_directory(default_directory())
        lines.append(_("data: {kind}, AF results {period}, {path}").format(
            kind=ds.origin, period=ds.period, path=ds.directory))
    except ChooserError as exc:
        lines.append(_("data: not loadable ({error})").format(error=exc))
    return "\n".join(lines) + "\n"


class _Version(argparse.Action):
    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help=_("show the versions of chooser, its components and its data"))

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        sys.stdout.write(version_text())
        parser.exit()


def _words_epilog() -> str:
    """The plain-language words the app's help (F1) shows, so `chooser --help` explains
    the same figures in the same words."""
    from chooser.text.glossary import all_lines

    return "\n\n".join([_("What the words mean (the same as F1 in the app):"),
                        *all_lines()])


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only`` (a command named on the command line), the other
    commands are left out altogether, which keeps start-up flat however many commands
    there are. ``chooser --help`` and a mistyped command get them all."""
    parser = common.Parser(
        prog="chooser",
        formatter_class=common.HelpFormatter,
        description=_("Choose a supplier in Rusta och matcha 2 with AF's grades and results."),
        epilog=_words_epilog() if only is None else None,
    )
    parser.add_argument("--version", action=_Version)
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
        p = sub.add_parser(name, help=_(help_text), formatter_class=common.HelpFormatter)
        add_arguments(p)
        p.set_defaults(func=run)
    return parser


# options that take no value
FLAGS = ("-h", "--help", "--version", "--json", "--demo", "--counsellor")


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
    from chooser.cli.info import info_text

    try:
        ds = common.load(args)
    except ChooserError as exc:
        return common.report(exc)
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
        return common.report(exc)
    except OSError as exc:  # the file system said no (a path under a file, /proc …)
        where = f"{exc.filename}: " if exc.filename else ""
        return common.report(ChooserError(f"{where}{exc.strerror or exc}."))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `chooser areas | head`
        return 0


def entry() -> None:
    """The ``chooser`` command and ``python -m chooser``: :func:`main`, then out.

    Out through ``os._exit`` once the output is flushed: the interpreter's orderly
    shutdown frees every module and the ~20,000 objects of the dataset one by one, a
    tenth of what ``chooser rank --place`` costs (measured ~5 ms), and nothing chooser
    runs needs it — files are written and closed before a command returns, and chooser
    registers no exit handlers. Tests call :func:`main`, which returns."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader left (`| head`), or a closed stream
        pass
    os._exit(code)


if __name__ == "__main__":
    entry()
