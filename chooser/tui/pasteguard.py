"""A kiosk's keyboard must not lock: a bracketed paste that never ends is dropped.

A terminal in bracketed-paste mode wraps pasted text in ``ESC [ 200 ~`` … ``ESC [ 201 ~``.
Textual's input parser holds everything after the start until the end arrives, so the six
bytes of a start alone (a paste cut short, a programmable keyboard, a prank) made the
kiosk ignore every key, F2 and the staff's Ctrl+X included, for the next visitor too.

:class:`PasteGuardParser` sits in front of Textual's parser: it keeps a paste back until
its end arrives, and drops it (passing on what follows) when F2 is pressed inside it, when
it is not finished within :data:`PASTE_SECONDS`, or when it grows past
:data:`PASTE_LIMIT` characters. A complete paste reaches Textual as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual._xterm_parser import XTermParser

START, END = "\x1b[200~", "\x1b[201~"
# F2 as terminals send it: xterm/VT220, rxvt, the Linux console
F2_KEYS = ("\x1bOQ", "\x1b[12~", "\x1b[[B")
PASTE_SECONDS = 2.0  # a real paste arrives at once; a person cannot type this fast
PASTE_LIMIT = 65_536  # characters; a kiosk's inputs take a place name or a PIN


class PasteGuardParser(XTermParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._held: str | None = None  # the paste so far, without its start
        self._since = 0.0
        self.dropped = 0

    def _expire(self) -> None:
        if self._held is not None and time.monotonic() - self._since > PASTE_SECONDS:
            self._drop()

    def _drop(self) -> None:
        self._held = None
        self.dropped += 1

    def feed(self, data: str) -> Iterable:  # type: ignore[override]
        if not data:  # "" is end of input for Textual's parser
            return super().feed(data)
        self._expire()
        out: list = []
        while data:
            if self._held is None:
                i = data.find(START)
                if i < 0:
                    out += super().feed(data)
                    break
                if i:
                    out += super().feed(data[:i])
                self._held, self._since = "", time.monotonic()
                data = data[i + len(START):]
                continue
            self._held += data
            data = ""
            j = self._held.find(END)
            if j >= 0:  # complete: Textual makes it one Paste event, as without the guard
                whole, data = self._held[:j], self._held[j + len(END):]
                self._held = None
                out += super().feed(START + whole + END)
                continue
            cut = min((k for k in (self._held.find(f) for f in F2_KEYS) if k >= 0),
                      default=-1)
            if cut >= 0:  # F2 inside the paste: drop it, and F2 does what it always does
                data = self._held[cut:]
                self._drop()
            elif len(self._held) > PASTE_LIMIT:
                self._drop()
        return out

    def tick(self) -> Iterable:  # type: ignore[override]
        self._expire()
        return super().tick()


def install() -> None:
    """Make the terminal and browser drivers build their parser from this class. They
    look ``XTermParser`` up in their own module when input starts; a kiosk process runs
    nothing but the kiosk, so the change reaches nothing else."""
    from textual.drivers import linux_driver, web_driver

    for module in (linux_driver, web_driver):
        if getattr(module, "XTermParser", None) is XTermParser:
            module.XTermParser = PasteGuardParser  # type: ignore[misc]
