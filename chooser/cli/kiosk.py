"""`chooser kiosk` and `chooser serve`: arguments, settings, and starting them."""

from __future__ import annotations

import argparse
import os
import sys

from chooser.cli import common
from chooser.core.errors import ChooserError, UsageError
from chooser.text.i18n import LANGUAGES, _

DEFAULT_IDLE = 90.0
DEFAULT_COUNTDOWN = 20.0


def add_kiosk(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE",
                   help=_("settings file (default: config.toml in chooser's config folder)"))
    p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                   help=_("AF's files, or a store that staff update with `chooser update`"))
    p.add_argument("--set-pin", action="store_true",
                   help=_("set the staff PIN that ends the kiosk (Ctrl+X), then exit"))
    p.add_argument("--idle", type=common.number(5, 3600), metavar="SECONDS",
                   help=_("seconds without input before the reset countdown (default 90)"))
    p.add_argument("--served", action="store_true", help=argparse.SUPPRESS)  # by serve


def add_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help=_("address to listen on (default 127.0.0.1: this machine only)"))
    p.add_argument("--port", type=common.whole(1, 65535), default=8000,
                   help=_("port (default 8000)"))
    p.add_argument("--kiosk", action="store_true",
                   help=_("serve the kiosk (large text, idle reset) instead of the app"))
    p.add_argument("--config", metavar="FILE", help=_("the kiosk's settings file"))
    p.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                   help=_("AF's files, or a store that staff update"))
    p.add_argument("--max-sessions", type=common.whole(1, 1000), metavar="N",
                   help=_("browser sessions at once; beyond them a page says all places are "
                          "busy (default: what the machine's memory and cores allow)"))
    p.add_argument("--public-url", metavar="URL",
                   help=_("the address browsers use, when it is not http://HOST:PORT"))


def _read_pin() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(_("New staff PIN (digits): "))
        if getpass.getpass(_("The same PIN again: ")) != first:
            raise UsageError(_("--set-pin: the two PINs differ; nothing was changed."))
        return first
    return sys.stdin.readline(256).strip()  # a script: one line on stdin (not 10 MB)


def settings(args: argparse.Namespace):
    """The kiosk's settings: flags over the [kiosk] table over the defaults."""
    from chooser.storage import config
    from chooser.storage import pin as pins
    from chooser.storage.config import KioskSettings

    cfg = config.load(args.config)
    kiosk = cfg.get("kiosk", {})
    languages = tuple(kiosk.get("languages", LANGUAGES))
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise config.ConfigError(
            f"{cfg.get('_path')}, [kiosk] languages: {', '.join(unknown)} not available "
            f"(available: {', '.join(LANGUAGES)}).")
    idle = args.idle if args.idle is not None else kiosk.get("idle_seconds", DEFAULT_IDLE)
    config.FIELDS["kiosk"]["idle_seconds"].check(idle, "--idle")
    pin_hash = pins.stored()
    if pin_hash is None and not args.served:
        raise UsageError(_("no staff PIN is set, so the kiosk could not be left: set one "
                           "first with `chooser kiosk --set-pin`."))
    # the top-level --data defaults to None, so the namespace always has the name: only a
    # value given on the command line wins over [kiosk] data
    if getattr(args, "data", None) is None and kiosk.get("data"):
        args.data = kiosk["data"]
        if not os.path.isdir(args.data):
            raise config.ConfigError(
                f"{cfg.get('_path')}, [kiosk] data: \"{args.data}\" is not a directory (AF's "
                "files, or a store that staff update with `chooser update`).")
    return KioskSettings(languages=languages, idle_seconds=float(idle),
                         countdown_seconds=float(kiosk.get("countdown_seconds",
                                                           DEFAULT_COUNTDOWN)),
                         place=kiosk.get("place"), area=kiosk.get("area"),
                         pin_hash=pin_hash, print_command=kiosk.get("print_command"))


def check_home(advisor, kiosk_settings, where: str) -> None:
    """The kiosk's own place or area must exist in the data it shows."""
    from chooser.storage.config import ConfigError

    if kiosk_settings.place and not advisor.suggest(kiosk_settings.place, 1):
        raise ConfigError(f"{where}, [kiosk] place: no place matches "
                          f"\"{kiosk_settings.place}\".")
    if kiosk_settings.area and kiosk_settings.area not in advisor.areas():
        raise ConfigError(f"{where}, [kiosk] area: \"{kiosk_settings.area}\" is not a "
                          f"delivery area in this data (see `chooser areas`).")


def _advisor(args: argparse.Namespace, kiosk_settings):
    from chooser.storage.userdirs import config_file
    from chooser.tui.advisor import Advisor

    if "data" not in args:
        args.data = None
    advisor = Advisor(common.load(args))
    check_home(advisor, kiosk_settings, args.config or config_file())
    return advisor


def run_kiosk(args: argparse.Namespace) -> int:
    from chooser.storage import pin as pins

    if args.set_pin:
        typed = _read_pin()
        try:
            path = pins.save(typed)
        except pins.PinError as exc:
            raise UsageError(f"--set-pin: {exc}") from None
        print(_("Staff PIN saved (as a salted hash) in {path}.").format(path=path))
        return 0
    has_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if not has_terminal and "TEXTUAL_DRIVER" not in os.environ:  # textual-serve sets it
        raise UsageError(_("the kiosk needs a terminal (or `chooser serve --kiosk` for "
                           "a browser)."))
    kiosk_settings = settings(args)
    from chooser.tui import pasteguard
    from chooser.tui.kiosk import KioskApp

    advisor = _advisor(args, kiosk_settings)
    pasteguard.install()
    common.collector_on()
    return supervise(lambda: KioskApp(advisor, kiosk_settings), served=args.served)


RESTARTS_BEFORE_PAUSE = 5  # within a minute: then wait a little between restarts


def supervise(make_app, *, served: bool, run=lambda app: app.run(),
              has_terminal=lambda: sys.stdin.isatty()) -> int:
    """Run kiosk apps one after another until staff leave with the PIN: an app that ends
    any other way (an error in a session) is replaced by a fresh one, which opens on the
    language screen with nothing of the last visitor. In a browser (``served``) the
    page starts a new session itself, so one app is run. A terminal that has gone away
    (the window closed) ends it too: nobody can be locked out of it any more."""
    recent: list[float] = []
    while True:
        app = make_app()
        run(app)
        if app.staff_left or served or not has_terminal():
            return 0
        import time

        now = time.monotonic()
        recent = [t for t in recent if now - t < 60] + [now]
        if len(recent) > RESTARTS_BEFORE_PAUSE:  # failing at once, again and again
            time.sleep(min(30.0, 2.0 ** (len(recent) - RESTARTS_BEFORE_PAUSE)))


def run_serve(args: argparse.Namespace) -> int:
    from chooser.web import serve

    if args.kiosk:  # refuse bad settings now, not once per browser connection
        args.served, args.idle = True, None
        _advisor(args, settings(args))
    if not 0 < args.port < 65536:
        raise UsageError(f"--port: expected 1–65535, found {args.port}")
    common.collector_on()  # the server runs for weeks, too
    try:
        return serve.serve(host=args.host, port=args.port, kiosk=args.kiosk,
                           data=getattr(args, "data", None), config=args.config,
                           demo=getattr(args, "demo", False), public_url=args.public_url,
                           max_sessions=args.max_sessions)
    except OSError as exc:
        raise ChooserError(f"cannot listen on {args.host}:{args.port} ({exc.strerror})."
                           ) from None
