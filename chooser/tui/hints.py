"""The footer of key hints, with the keys that work everywhere first.

Textual's Footer lists the focused screen's keys, then the app's, on one line: a long
translation (Somali's "Calaamadee si aad isu barbardhigto") pushed F2 and F4 off the
right edge at 80 columns. Here help (F1), start over (F2) and language (F4) come first
and the hints go compact when the line is too long, so only a screen's own keys, which
its hint line also names, can be cut."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS = ("f1", "f2", "f4")


class Hints(Footer):
    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = sorted((w for w in widgets if isinstance(w, FooterKey) and w.key in ALWAYS),
                       key=lambda w: ALWAYS.index(w.key))
        rest = [w for w in widgets if w not in first]
        # each key takes its label plus a space or two; compact drops the padding
        width = sum(len(w.key_display) + len(w.description) + 3
                    for w in widgets if isinstance(w, FooterKey))
        self.compact = width > self.app.size.width
        yield from first + rest
