"""One contract in full: grade history as a small chart, each level's results with
intervals, satisfaction, offices with addresses, and every reason."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Button

from chooser.core.ranking import Ranked
from chooser.text.card import office_address
from chooser.text.glossary import explain
from chooser.text.i18n import N_, _, format_month, format_percent
from chooser.text.phrases import grade_words, km
from chooser.text.render import render
from chooser.tui.advisor import Detail
from chooser.tui.hints import Hints
from chooser.tui.screens.base import BACK, ChooserScreen, Provenance
from chooser.tui.words import Words, t


def _pct(x: float | None) -> str:
    return "–" if x is None else format_percent(x)


def grade_chart(d: Detail) -> Text:
    """One bar per AF publication, oldest first: ████ 4 of 4, or "no grade"."""
    t = Text()
    if not d.history:
        return Text(_("AF has published no grade for this contract."))
    for point in d.history:
        t.append(f"{format_month(point.period):<15}")
        if point.grade is None:
            t.append(_("no grade") + "\n", style="italic")
        else:
            t.append("█" * point.grade * 2 + "·" * (4 - point.grade) * 2, style="bold")
            t.append("  " + _("{n} of 4").format(n=point.grade) + "\n")
    return t


def level_table(d: Detail) -> Table:
    # a table keeps its columns left to right in every language (numbers read so);
    # right-to-left headings are put in display order one by one
    table = Table(box=None, pad_edge=False, expand=False)
    table.add_column(t("Level"))
    table.add_column(t("Participants"), justify="right")
    table.add_column(t("Got work or studies"))
    table.add_column(t("Kept it"))
    table.add_column(t("Estimate for people like you"))
    table.add_column(t("Area"), justify="right")
    for lv in d.levels:
        # what happened, in the same words as the list and the reasons; the estimate apart
        table.add_row(lv.level, str(lv.n), _happened(lv.work_k, lv.n), _happened(lv.kept_k, lv.n),
                      f"{_pct(lv.low)}–{_pct(lv.high)}", _pct(lv.area_work))
    return table


def _happened(k: int, n: int) -> str:
    return _("{k} of {n}, {rate}").format(k=k, n=n, rate=format_percent(k / n)) if n else "–"


def satisfaction_text(d: Detail) -> str:
    s = d.satisfaction
    if s is None:
        return _("No satisfaction survey is loaded for this contract.")
    if s.answers < 10:
        return _("Too few answers ({n}) to show.").format(n=s.answers)
    return _("{k} of {n} satisfied ({period}).").format(k=s.satisfied, n=s.answers,
                                                        period=format_month(s.period))


def offices_text(d: Detail, ranker_distance) -> Text:
    t = Text()
    if not d.offices:
        return Text(_("Office locations are not known."))
    # nearest first: the one AF's rule and the distance on the list refer to
    far_of = {o: ranker_distance(o) for o in d.offices}
    for o in sorted(d.offices, key=lambda o: (far_of[o] is None, far_of[o] or 0.0)):
        t.append(f"• {office_address(o)}")
        far = far_of[o]
        if far is not None:
            t.append(f"  ({km(far)})")
        t.append("\n")
    return t


class DetailScreen(ChooserScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK, Binding("enter", "choose", N_("Choose this supplier"), show=True)]

    def __init__(self, ranked: Ranked) -> None:
        super().__init__()
        self.ranked = ranked

    def recreate(self) -> DetailScreen:
        return DetailScreen(self.ranked)

    def compose(self) -> ComposeResult:
        r = self.ranked
        d = self.advisor.detail(r)
        loc = self.participant.location

        def distance(o):
            if loc is None or loc.lat is None or loc.lon is None:
                return None
            from chooser.core.distance import haversine_km

            return haversine_km(loc.lat, loc.lon, o.lat, o.lon)

        def what(*topics: str) -> Words:
            """The plain-language line for the figure just above (chooser.text.glossary)."""
            return Words("\n".join(explain(x) for x in topics), classes="what")

        with VerticalScroll(id="detail"):
            yield Words(Text(f"{r.row.supplier}", style="bold"), classes="title")
            yield Words(_("KA {ka}, delivery area {area}").format(ka=r.ka, area=r.row.area))
            yield Words(grade_words(r))
            yield what("stars" if r.stars is not None else "no_grade")
            yield Button(t("Choose this supplier"), id="choose", variant="primary")
            yield Words(_("Grades AF has published"), classes="label")
            yield Words(grade_chart(d))
            yield Words(_("Results by level: what happened, and the estimate for people like "
                          "you (90-percent interval, never narrower than the numbers allow)"),
                        classes="label")
            yield what("level", "got_work", "kept", "estimate", "follow_up")
            yield Words(level_table(d))
            yield Words(_("Satisfaction"), classes="label")
            yield Words(satisfaction_text(d))
            yield Words(_("Offices"), classes="label")
            yield what("offices_date")
            yield Words(offices_text(d, distance))
            if d.contact.get("focus"):
                yield Words(_("Focus: {text}").format(text=d.contact["focus"]))
            yield Words(_("Why it ranks here"), classes="label")
            yield Words(Text("\n".join("– " + render(x) for x in r.reasons)))
            if any(x.id == "weighted" for x in r.reasons):
                yield what("weighted")
            yield Words(explain("next_step"), classes="label")
        yield Provenance(classes="provenance")
        yield Hints()

    def action_choose(self) -> None:
        from chooser.tui.screens.card import CardScreen

        self.app.push_screen(CardScreen(self.ranked))

    @on(Button.Pressed, "#choose")
    def choose(self) -> None:
        self.action_choose()
