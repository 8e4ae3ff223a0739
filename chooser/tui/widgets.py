"""Words: the app's text widget, right to left when the language is (see
chooser.bidi_text). Kept apart from the toggles so the first screen imports only it."""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text
from textual.widgets import Static

from chooser.bidi_text import lines
from chooser.i18n import is_rtl


class Words(Static):
    """A Static that reads right in every language. Left-to-right text is drawn as
    Textual draws it. Right-to-left text (Arabic, Persian) is wrapped to the widget's
    width in reading order, then each line is shaped, put in display order and aligned
    right (chooser.bidi_text); styles inside such a line are dropped, since meaning is
    never in a style alone."""

    def render(self):  # type: ignore[override]
        if not is_rtl() or not self._is_text():
            return super().render()  # a table keeps its own layout
        lines = _rtl_lines(self._plain(), max(1, self.content_size.width))
        return Text("\n".join(lines), style=self.rich_style, no_wrap=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not is_rtl() or not self._is_text():
            return super().get_content_height(container, viewport, width)
        return len(_rtl_lines(self._plain(), max(1, width)))

    def _is_text(self) -> bool:
        return isinstance(self.content, str) or hasattr(self.content, "plain")

    def _plain(self) -> str:
        content = self.content
        return content.plain if hasattr(content, "plain") else str(content)


@lru_cache(maxsize=512)
def _rtl_lines(plain: str, width: int) -> tuple[str, ...]:
    """Layout asks for the height, then the lines, at the same width: shape and
    reorder once (the cache is keyed by the text, so a new language is a new entry)."""
    return tuple(lines(plain, width))
