"""`chooser serve`: the app (or the kiosk) in a browser, through textual-serve.

Each browser connection gets its own `chooser` process, so sessions share nothing but
the dataset files; a closed tab ends its process and everything typed in it.

Two changes to textual-serve's page, both for kiosks:
- no request to Google Fonts (a kiosk must not tell a third party who uses it; the font
  falls back to the system's monospace);
- xterm.js runs in screen-reader mode, so the text on screen is also in the page as text:
  a screen reader can read it, and so can the browser tests. textual-serve's bundled
  ``textual.js`` is copied to a temporary folder with that one option added; if a new
  textual-serve changes the bundle so the option cannot be added, serving still works
  (without it) and says so.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import shutil
import sys
import tempfile
from typing import Any

from chooser.core.errors import ChooserError

TERMINAL_OPTIONS = "allowProposedApi:!0,"
# screen-reader mode: the terminal's text is also in the page; rescaled glyphs: a letter
# whose glyph is wider than the terminal's cell (Ethiopic in Noto Sans Ethiopic) is drawn
# narrower to fit its cell instead of over its neighbours
SCREEN_READER = "allowProposedApi:!0,screenReaderMode:!0,rescaleOverlappingGlyphs:!0,"
KIOSK_FONT_SIZE = 24  # px; textual-serve's default is 16


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(*, kiosk: bool, data: str | None, config: str | None,
                demo: bool = False) -> str:
    """The command textual-serve starts for each connection."""
    cmd = [sys.executable, "-m", "chooser"]
    if demo:
        cmd.append("--demo")
    if kiosk:
        cmd += ["kiosk", "--served"]
        if config:
            cmd += ["--config", config]
    if data:
        cmd += ["--data", data]
    return shlex.join(cmd)


def prepare_statics(folder: str) -> tuple[str, bool]:
    """textual-serve's static files with the screen-reader option; (path, patched)."""
    import textual_serve

    src = os.path.join(os.path.dirname(textual_serve.__file__), "static")
    dst = os.path.join(folder, "static")
    shutil.copytree(src, dst)
    js = os.path.join(dst, "js", "textual.js")
    with open(js, encoding="utf-8") as fh:
        text = fh.read()
    patched = text.count(TERMINAL_OPTIONS) == 1
    if patched:
        with open(js, "w", encoding="utf-8") as fh:
            fh.write(text.replace(TERMINAL_OPTIONS, SCREEN_READER))
    return dst, patched


MEMORY_PER_SESSION = 60_000_000  # bytes: one `chooser` process (measured: 58 MB)
SESSIONS_PER_CORE = 10  # a session waits for a person almost all the time


def default_max_sessions() -> int:
    """As many sessions as half the machine's memory holds, at most 10 a core, at least
    2 (20 on the 2-core, 8 GB machine the load test runs on)."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not Linux or macOS
        memory = 4_000_000_000
    by_memory = int(memory * 0.5 // MEMORY_PER_SESSION)
    return max(2, min(by_memory, SESSIONS_PER_CORE * (os.cpu_count() or 1)))


def busy_page(max_sessions: int) -> str:
    """What a browser gets beyond the cap: a page that says so and tries again itself."""
    from html import escape

    from chooser.text.i18n import _

    title = escape(_("All places are busy"))
    text = escape(_("All {n} places are in use. Please try again in a minute; this page "
                    "tries again by itself.").format(n=max_sessions))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" '
            f'content="{BUSY_RETRY_SECONDS}"><title>{title}</title></head><body '
            f'style="background:#000;color:#fff;font:24px sans-serif;margin:3em">'
            f"<h1>{title}</h1><p>{text}</p></body></html>")


BUSY_RETRY_SECONDS = 30


def make_server(command: str, host: str, port: int, statics: str, *, kiosk: bool,
                public_url: str | None = None, max_sessions: int | None = None) -> Any:
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    templates = os.path.dirname(__file__)
    cap = max_sessions or default_max_sessions()

    class ChooserServer(Server):
        sessions = 0  # open browser sessions, each one `chooser` process

        def busy(self) -> web.Response | None:
            if self.sessions < cap:
                return None
            return web.Response(text=busy_page(cap), status=503, content_type="text/html",
                                headers={"Retry-After": str(BUSY_RETRY_SECONDS)})

        # textual-serve's own handler renders its template already; this one renders
        # chooser's (tests/web: the kiosk page restarts itself, which needs the flag)
        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> Any:
            if (page := self.busy()) is not None:
                return page
            if kiosk and "fontsize" not in request.query:  # large text by default
                raise web.HTTPFound(request.rel_url.update_query(fontsize=KIOSK_FONT_SIZE))
            context = await Server.handle_index.__wrapped__(self, request)
            context["autorestart"] = kiosk
            return context

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if self.sessions >= cap:  # a page loaded just before the last place went
                ws = web.WebSocketResponse()
                await ws.prepare(request)
                await ws.close(code=1013, message=b"all places are busy")  # "try again"
                return ws
            self.sessions += 1
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions -= 1

        async def on_startup(self, app: web.Application) -> None:
            print(f"chooser: serving on {self.public_url} (Ctrl+C stops)", flush=True)

    return ChooserServer(command, host=host, port=port, title="chooser",
                         public_url=public_url, statics_path=statics,
                         templates_path=templates)


def serve(*, host: str, port: int, kiosk: bool, data: str | None, config: str | None,
          demo: bool = False, public_url: str | None = None,
          max_sessions: int | None = None) -> int:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise ChooserError("`chooser serve` needs textual-serve: pip install "
                           "textual-serve") from None
    if not is_loopback(host):
        print(f"chooser: NOT loopback: {host}:{port} can be reached from other machines "
              "on the network. Anyone who can reach it can use it; put it behind a "
              "firewall or a TLS proxy, and give --public-url the address browsers use.",
              file=sys.stderr, flush=True)
    command = app_command(kiosk=kiosk, data=data, config=config, demo=demo)
    with tempfile.TemporaryDirectory(prefix="chooser-serve-") as folder:
        statics, patched = prepare_statics(folder)
        if not patched:
            print("chooser: this textual-serve's page could not be switched to "
                  "screen-reader mode; serving it unchanged.", file=sys.stderr, flush=True)
        make_server(command, host, port, statics, kiosk=kiosk, public_url=public_url,
                    max_sessions=max_sessions).serve()
    return 0
