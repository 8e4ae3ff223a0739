"""Right-to-left text for terminals, which do no bidirectional layout of their own (nor
does xterm.js in the browser kiosk): Arabic and Persian are shaped (letters joined into
their contextual forms, by arabic-reshaper) and put in display order (the Unicode
bidirectional algorithm, by python-bidi), one line at a time, so that a supplier's name,
a number or a KA id inside a sentence still reads left to right.

A wrapped paragraph must be wrapped in logical order first and each line reordered on its
own; otherwise the lines come out in the wrong order. :func:`lines` does that for text
that a widget wraps; :func:`shown` is for a label that fits on one line.
"""

from __future__ import annotations

import textwrap

from chooser.text.i18n import is_rtl


def _line(text: str) -> str:
    import arabic_reshaper

    # python-bidi's full implementation: its Rust fast path (bidi.get_display) leaves out
    # rule L4, mirroring, so "(" would come out as ")" in right-to-left runs
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def display_order(text: str) -> str:
    """Right-to-left text in display order whatever the current language (a language's
    own name on the language screen)."""
    return "\n".join(_line(line) for line in text.split("\n"))


def shown(text: str) -> str:
    """Display order for the current language (unchanged for a left-to-right one)."""
    if not is_rtl() or not text:
        return text
    return display_order(text)


def lines(text: str, width: int) -> list[str]:
    """A paragraph wrapped to ``width`` cells in reading order, each line in display
    order and aligned right, as right-to-left text is."""
    out: list[str] = []
    for para in text.split("\n"):
        indent = len(para) - len(para.lstrip(" "))
        wrapped = textwrap.wrap(para.strip(" "), max(1, width - indent),
                                subsequent_indent="  " if para.lstrip().startswith("–") else "",
                                break_long_words=True) or [""]
        out += [(_line(w) + " " * indent).rjust(width) for w in wrapped]
    return out
