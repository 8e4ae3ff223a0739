"""Toggles that read without colour: an unchecked box is empty, not a dim "X"."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist


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
