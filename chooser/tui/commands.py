"""Counsellor entries in the command palette (Ctrl+P): jump to an area, switch level,
compare, save the shortlist."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from chooser.geo.locate import Location
from chooser.text.i18n import _
from chooser.tui.words import t

if TYPE_CHECKING:  # pragma: no cover
    from chooser.tui.context import ChooserContext


def _show_results(app: ChooserContext) -> None:
    from chooser.tui.screens.results import ResultsScreen

    for s in list(app.screen_stack[1:]):
        if isinstance(s, ResultsScreen):
            s.refresh_ranking()
            while app.screen is not s:
                app.pop_screen()
            return
    app.push_screen(ResultsScreen())


def _jump(app: ChooserContext, area: str) -> None:
    """Another area's contracts for the same person: where they live (so distances and
    AF's nearest-office rule still hold) and their level stay as they were."""
    home = app.participant.location
    if home is None or home.lat is None or home.lon is None:
        app.participant.location = Location(area, (area,), None, None, None)
    else:
        app.participant.location = Location(f"{home.label} → {area}", (area,), home.lat,
                                            home.lon, home.match)
    _show_results(app)


def _level(app: ChooserContext, level: str | None) -> None:
    app.participant.level = level
    if app.participant.location is not None:
        _show_results(app)


def counsellor_commands(app: ChooserContext) -> Iterable[SystemCommand]:
    for area in app.advisor.areas():
        yield SystemCommand(_("Jump to area: {area}").format(area=area),
                            _("rank the contracts of this delivery area"),
                            lambda a=area: _jump(app, a))
    for level in ("A", "B", "C", None):
        label = level or _("not known")
        yield SystemCommand(_("Switch level: {level}").format(level=label),
                            _("rank again for this AF level"), lambda lv=level: _level(app, lv))
    yield SystemCommand(_("Compare marked contracts"), _("side by side, up to three"),
                        lambda: _on_results(app, "action_compare"))
    yield SystemCommand(_("Save shortlist…"), _("as a text or Markdown file you name"),
                        lambda: _on_results(app, "action_save"))


def _on_results(app: ChooserContext, action: str) -> None:
    from chooser.tui.screens.results import ResultsScreen

    if isinstance(app.screen, ResultsScreen):
        getattr(app.screen, action)()
    else:
        app.notify(t("Open the results first."))
