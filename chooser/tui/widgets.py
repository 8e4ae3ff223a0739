"""Small widget adjustments for readability without colour."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList, Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from chooser.bidi_text import lines
from chooser.i18n import is_rtl


class _Visible:
    """Textual draws a toggle's glyph whether it is on or off and tells them apart by
    colour alone; here an off toggle is empty, so "on" reads without colour (NO_COLOR,
    colour blindness, a poor kiosk screen)."""

    @property
    def _button(self):  # type: ignore[override]
        self.BUTTON_INNER = type(self).BUTTON_INNER if self.value else " "  # type: ignore[attr-defined]
        return super()._button  # type: ignore[misc]


class ClearCheckbox(_Visible, Checkbox):
    pass


class ClearRadioButton(_Visible, RadioButton):
    pass


class ClearSelectionList(SelectionList[str]):
    """The same rule for a SelectionList: its "X" is drawn for every option, so an
    unselected option shows a blank box instead."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self._selected:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            segments[1] = Segment(" ", segments[1].style)
        return Strip(segments, strip.cell_length)


class Words(Static):
    """A Static that reads right in every language. Left-to-right text is drawn as
    Textual draws it. Right-to-left text (Arabic, Persian) is wrapped to the widget's
    width in reading order, then each line is shaped, put in display order and aligned
    right (chooser.bidi_text); styles inside such a line are dropped, since meaning is
    never in a style alone."""

    def render(self):  # type: ignore[override]
        if not is_rtl():
            return super().render()
        return Text("\n".join(self._rtl_lines()), style=self.rich_style, no_wrap=True)

    def _rtl_lines(self) -> list[str]:
        content = self.content
        plain = content.plain if hasattr(content, "plain") else str(content)
        return lines(plain, max(1, self.content_size.width))

    def get_content_height(self, container, viewport, width: int) -> int:
        if not is_rtl():
            return super().get_content_height(container, viewport, width)
        content = self.content
        plain = content.plain if hasattr(content, "plain") else str(content)
        return len(lines(plain, max(1, width)))
