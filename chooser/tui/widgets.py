"""Small widget adjustments for readability without colour."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


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
