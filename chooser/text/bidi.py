"""Right-to-left text for terminals, which do no bidirectional layout of their own (nor
does xterm.js in the browser kiosk): Arabic and Persian are shaped (letters joined into
their contextual forms, by arabic-reshaper) and put in display order (the Unicode
bidirectional algorithm, by python-bidi), one line at a time.

Before reordering, every left-to-right run inside a right-to-left line — a number, a
postcode ("424 65"), a KA number, a supplier's or a place's name, "3,2 km" — is put in an
embedding of its own (LRE … PDF), so it keeps its own order and its neighbours never get
between its parts: without that, the algorithm treats "424" and "65" as two numbers with a
neutral space between and shows "65 424". Brackets around such a run stay with it; a
bracket that opens in the sentence and closes in the run is left to the sentence, so the
two halves of a pair are mirrored alike. (python-bidi's pure algorithm knows embeddings
but not the newer isolates, LRI … PDI, nor bracket pairing.)

A wrapped paragraph must be wrapped in logical order first and each line reordered on its
own; otherwise the lines come out in the wrong order. :func:`lines` does that for text
that a widget wraps; :func:`shown` is for a label that fits on one line.
"""

from __future__ import annotations

import re
import textwrap

from chooser.text.i18n import _, is_rtl

LRE, PDF, RLM, NBSP = "\u202a", "\u202c", "\u200f", "\u00a0"
_L = r"0-9A-Za-z\u00c0-\u024f"  # Latin letters (Swedish ones too) and digits
# a run starts with a letter, a digit or "(" and ends with one of those, ")" or "%"; inside,
# the spaces and punctuation of names, addresses and numbers (not ":" or "·", which join
# the parts of a sentence, not of a name)
_RUN = re.compile(rf"[({_L}][{_L} .,/\-–+%&'’()#{NBSP}]*[{_L}%)]|[{_L}]")
# spaces a line never breaks at: inside a number or a postcode, between a number and its
# unit or a "KA" and its number
_GLUE = re.compile(r"(?<=\d) (?=\d)|(?<=\d) (?=(?:km|m|%)\b)|(?<=\bKA) (?=\d)")


def unit_gap() -> str:
    """The current language's space and unit after a distance's number (" km", Arabic
    " كم"), as its catalog writes "{number} km"; "" when the unit is written without a
    space before it."""
    after = _("{number} km").partition("{number}")[2]
    return after if after.startswith(" ") and after.strip() else ""


def glue_units(text: str, joiner: str) -> str:
    """``text`` with the space between a number and the current language's distance unit
    made ``joiner`` (a space no wrapping breaks at)."""
    gap = unit_gap()
    if not gap or gap not in text:
        return text
    return re.sub(rf"(?<=\d){re.escape(gap)}(?!\w)", gap.replace(" ", joiner), text)


def _unpaired(run: str) -> set[int]:
    """Positions of the brackets in ``run`` that have no partner inside it."""
    stack: list[int] = []
    lone: set[int] = set()
    for i, c in enumerate(run):
        if c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                stack.pop()
            else:
                lone.add(i)
    return lone | set(stack)


def _embed(part: str) -> str:
    """One left-to-right part, spaces at its ends left outside. The marks around it make
    it a neutral from outside, as an isolate is: what stands between two runs belongs to
    the sentence, not to either run."""
    core = part.strip(" ")
    if not core:
        return part
    a = part.index(core)
    return part[:a] + RLM + LRE + core + PDF + RLM + part[a + len(core):]


def isolate(text: str) -> str:
    """``text`` with each left-to-right run in an embedding of its own (logical order).
    A bracket whose partner is outside the run ("4 (Demo Bergslagen، …)") splits it and
    stays with the sentence, so both halves of the pair are mirrored alike."""
    out: list[str] = []
    pos = 0
    for m in _RUN.finditer(text):
        run = m.group(0)
        out.append(text[pos:m.start()])
        lone = sorted(_unpaired(run))
        last = 0
        for i in lone:
            out.append(_embed(run[last:i]) + run[i])
            last = i + 1
        out.append(_embed(run[last:]))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _line(text: str) -> str:
    import arabic_reshaper

    # python-bidi's full implementation: its Rust fast path (bidi.get_display) leaves out
    # rule L4, mirroring, so "(" would come out as ")" in right-to-left runs
    from bidi.algorithm import get_display

    shaped = get_display(arabic_reshaper.reshape(isolate(text)), base_dir="R")
    for mark in (LRE, PDF, RLM):
        shaped = shaped.replace(mark, "")
    return shaped.replace(NBSP, " ")


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
    order and aligned right, as right-to-left text is. A line that begins with spaces
    (and a dash) keeps that indent on the lines it wraps into; numbers stay whole."""
    out: list[str] = []
    for para in text.split("\n"):
        body = para.lstrip(" ")
        indent = len(para) - len(body)
        hang = indent + (2 if body.startswith(("– ", "- ", "• ")) else 0)
        wrapped = textwrap.wrap(glue_units(_GLUE.sub(NBSP, body), NBSP), max(1, width - hang),
                                break_long_words=True) or [""]
        for i, w in enumerate(wrapped):
            pad = indent if i == 0 else hang
            out.append((_line(w) + " " * pad).rjust(width))
    return out
