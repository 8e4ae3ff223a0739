"""Words on screen in the participant's language: labels, key descriptions, and the text
widget that reads right in every language.

Labels (buttons, options, key names in the footer) fit on one line, so they are
translated, filled in and put in display order at once (:func:`t`). Longer text goes in a
:class:`Words`, which wraps before it reorders.

Key descriptions are declared on classes, before anyone has chosen a language, so they
are written as English message ids (marked with ``N_``) and translated when a screen or
the app is built (:func:`localize_bindings`); a change of language rebuilds the screens.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from rich.text import Text
from textual.dom import DOMNode
from textual.widgets import Static

from chooser.text.bidi import glue_units, lines, shown
from chooser.text.i18n import N_, _, is_rtl

__all__ = ["Words", "localize_bindings", "shown", "t"]

# a terminal shorter than this (80×24) gets the denser layout (".short" in chooser.tcss)
SHORT_ROWS = 30

# words Textual itself puts in the footer, so that the catalogs carry them
TEXTUAL_WORDS = (N_("palette"),)


def t(message: str, **params: object) -> str:
    """A one-line label: translated, filled in, in display order."""
    text = _(message)
    return shown(text.format(**params) if params else text)


def localize_bindings(node: DOMNode) -> None:
    """This node's key descriptions in the current language (Textual keeps a copy of
    the class's bindings per node, so replacing them here changes no other node). The
    English ids are kept from the first call, so a second language starts from them,
    not from the first one's words."""
    table = node._bindings.key_to_bindings
    ids: dict[str, list[str]] = node.__dict__.setdefault(
        "_chooser_binding_ids", {k: [b.description for b in bs] for k, bs in table.items()})
    for key, bindings in table.items():
        originals = ids.get(key) or [b.description for b in bindings]
        table[key] = [replace(b, description=t(d)) if d else b
                      for b, d in zip(bindings, originals, strict=False)]


class Words(Static):
    """A Static that reads right in every language. Left-to-right text is drawn as
    Textual draws it. Right-to-left text (Arabic, Persian) is wrapped to the widget's
    width in reading order, then each line is shaped, put in display order and aligned
    right (chooser.text.bidi); styles inside such a line are dropped, since meaning is
    never in a style alone."""

    def __init__(self, *args, ltr: bool = False, **kwargs) -> None:
        """``ltr``: left to right whatever the language (the choice card's Swedish)."""
        super().__init__(*args, **kwargs)
        self.ltr = ltr

    def _rtl(self) -> bool:
        return is_rtl() and not self.ltr

    def render(self):  # type: ignore[override]
        if not self._is_text():
            return super().render()  # a table keeps its own layout
        if not self._rtl():
            return self._hanging(max(1, self.content_size.width))
        lines = _rtl_lines(self._plain(), max(1, self.content_size.width))
        return Text("\n".join(lines), style=self.rich_style, no_wrap=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not self._is_text():
            return super().get_content_height(container, viewport, width)
        if not self._rtl():
            return len(self._hanging(max(1, width)).plain.split("\n"))
        return len(_rtl_lines(self._plain(), max(1, width)))

    def _hanging(self, width: int) -> Text:
        """Left-to-right text wrapped so that a line which begins with spaces (and a
        dash) keeps that indent on every line it wraps into; Textual's own wrapping would
        start them at column 1, under the list's numbers."""
        content = self.content
        text = _units_kept(content if isinstance(content, Text) else Text(str(content)))
        out: list[Text] = []
        for part in text.split("\n", allow_blank=True):
            plain = part.plain
            body = plain.lstrip(" ")
            indent = len(plain) - len(body)
            hang = indent + (2 if body.startswith(("– ", "- ", "• ", "ⓘ ")) else 0)
            if part.cell_len <= width or width - hang < 10:
                out += part.wrap(self.app.console, width) if part.cell_len > width else [part]
                continue
            for i, line in enumerate(part[indent:].wrap(self.app.console, width - hang)):
                line.rstrip()
                out.append(Text(" " * (indent if i == 0 else hang)) + line)
        return _units_back(Text("\n", style=self.rich_style).join(out))

    def _is_text(self) -> bool:
        return isinstance(self.content, str) or hasattr(self.content, "plain")

    def _plain(self) -> str:
        content = self.content
        return content.plain if hasattr(content, "plain") else str(content)


# Rich wraps at any Unicode space, no-break ones included, so "0,2 km" could end a line
# with "0,2" and start the next with "km". While a text is wrapped, the space between a
# number and its unit is a stand-in that is no space (a private-use character, one cell
# like the space it replaces), and a space again afterwards.
_STAND_IN = "\ue000"


def _units_kept(text: Text) -> Text:
    plain = text.plain
    joined = glue_units(plain, _STAND_IN)
    if joined != plain:
        text = text.copy()
        text.plain = joined  # same length: the styles stay where they were
    return text


def _units_back(text: Text) -> Text:
    if _STAND_IN in text.plain:
        text.plain = text.plain.replace(_STAND_IN, " ")
    return text


@lru_cache(maxsize=512)
def _rtl_lines(plain: str, width: int) -> tuple[str, ...]:
    """Layout asks for the height, then the lines, at the same width: shape and
    reorder once (the cache is keyed by the text, so a new language is a new entry)."""
    return tuple(lines(plain, width))
