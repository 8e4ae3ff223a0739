"""Up to three contracts side by side."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll

from chooser.core.ranking import Ranked
from chooser.text.i18n import _
from chooser.text.phrases import SHOWN_ABOVE, grade_words, km
from chooser.text.render import render
from chooser.tui.hints import Hints
from chooser.tui.screens.base import BACK, ChooserScreen, Provenance
from chooser.tui.words import Words


def column(r: Ranked) -> Text:
    t = Text()
    t.append(f"{r.rank}. {r.row.supplier}\n", style="bold")
    t.append(grade_words(r) + "\n")
    if r.distance_km is not None:
        t.append(_("office {km} away").format(km=km(r.distance_km)) + "\n")
    if r.at_risk:
        t.append(_("at risk of termination") + "\n", style="bold")
    t.append("\n")
    for x in r.reasons:
        if x.id not in SHOWN_ABOVE:  # the grade and distance lines above say it
            t.append("– " + render(x) + "\n")
    return t


class CompareScreen(ChooserScreen):
    BINDINGS: ClassVar[list[BindingType]] = [BACK]

    def __init__(self, chosen: list[Ranked]) -> None:
        super().__init__()
        self.chosen = chosen[:3]

    def recreate(self) -> CompareScreen:
        return CompareScreen(self.chosen)

    def compose(self) -> ComposeResult:
        yield Words(_("Compare"), classes="title")
        with Horizontal(id="compare"):
            for r in self.chosen:
                with VerticalScroll(classes="compare-column"):
                    yield Words(column(r))
        yield Provenance(classes="provenance")
        yield Hints()
