"""Text from data made safe for a terminal: no control characters.

A supplier name, an address or a cell quoted in an error message comes from files chooser
does not control. A terminal obeys control characters wherever they appear: ESC starts a
sequence that can move the cursor, retitle the window or, through OSC 52, set the
clipboard; C1 characters (U+0080–U+009F) do the same on some terminals. Bidirectional
overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text display in another order
than it reads ("Trojan Source"); chooser orders Arabic and Persian itself (text.bidi), so
data never needs them. Tabs, line breaks and other separators become one space (an
Alt+Enter in an Excel cell). Joiners (ZWJ, ZWNJ) stay: Persian needs them.

Readers apply :func:`printable` to every string they take from a file, and the command
line to everything it prints from data or arguments, so the TUI and the CLI see one rule.
It lives in the core, the one layer every reader and printer may import (pyproject's
layer contract puts ``text`` above ``sources``).
"""

from __future__ import annotations

_SPACE = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)
_TABLE = {c: None for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0),
                            *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_TABLE.update(dict.fromkeys(_SPACE, " "))
_LINES = dict(_TABLE)
del _LINES[0x0A]


def printable(text: str) -> str:
    """``text`` without control characters; separators become a space."""
    return text.translate(_TABLE) if not text.isprintable() else text


def printable_lines(text: str) -> str:
    """The same, keeping line breaks: for a block of output chooser laid out itself."""
    return text.translate(_LINES)
