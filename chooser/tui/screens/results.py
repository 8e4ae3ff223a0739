"""Results: the ranked list with each row's top reasons, the excluded contracts (folded
away), and "if you don't choose": AF's nearest-office rule against the best performer."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Collapsible, Footer, ListItem, ListView

from chooser.core.explain import office_label
from chooser.core.fallback import Fallback
from chooser.core.ranking import Ranked, Ranking
from chooser.text.i18n import N_, _, ngettext
from chooser.text.phrases import SHOWN_ABOVE, fallback_choice, grade_words, km
from chooser.text.render import render
from chooser.tui.screens.base import BACK, ChooserScreen, Provenance
from chooser.tui.words import Words, t

MAX_COMPARE = 3
# said on the row's second line already

def row_text(r: Ranked, marks: str, reasons: int) -> Text:
    t = Text()
    t.append(f"{r.rank:>2}. ", style="bold")
    t.append(r.row.supplier, style="bold")
    if marks:
        t.append(f"  [{marks}]", style="reverse")
    t.append("\n    " + grade_words(r))
    if r.at_risk:
        t.append("  ·  " + _("at risk of termination"), style="bold")
    if r.distance_km is not None:  # the nearest office, as a person looks for it
        t.append("\n    " + _("office {km} away").format(km=km(r.distance_km)))
        if r.office is not None:
            t.append(": " + office_label(r.office))
    # the grade is already on the line above; the next reasons say why
    for x in [x for x in r.reasons if x.id not in SHOWN_ABOVE][:reasons]:
        t.append("\n    – " + render(x))
    return t


# the fallback's own words for "why": rates with their intervals, the gain, or "the
# nearest office is also the best choice we can see" (the same rules as `chooser fallback`)
PANEL_REASONS = frozenset({"fallback_rates", "fallback_rates_mix", "fallback_rates_area",
                           "fallback_rates_area_mix", "fallback_gain",
                           "fallback_nearest_rate", "fallback_nearest_rate_mix",
                           "fallback_same_best", "fallback_area_level",
                           "fallback_area_level_same", "fallback_avoided"})


def fallback_text(fb: Fallback) -> Text:
    t = Text()
    t.append(_("If you don't choose") + "\n", style="bold")

    def one(label: str, r: Ranked | None) -> None:
        t.append(f"{label}: ", style="bold")
        t.append(fallback_choice(r, ka=False) + "\n")

    one(_("AF places you at the nearest office"), fb.nearest)
    one(_("Best performer within reach"), fb.recommended)
    why = [render(x) for x in fb.reasons if x.id in PANEL_REASONS]
    if why:
        t.append(" ".join(w[:1].upper() + w[1:] + "." for w in why))  # sentences, not items
    return t


class ResultsScreen(ChooserScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK,
        Binding("enter", "detail", N_("Details"), show=True),
        Binding("c", "mark", N_("Mark to compare"), show=True),
        Binding("v", "compare", N_("Compare"), show=True),
        Binding("s", "shortlist", N_("Shortlist"), show=False),
        Binding("ctrl+s", "save", N_("Save shortlist"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ranking: Ranking | None = None
        self.fb: Fallback | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="results"):
            yield Words(_("Ranking…"), id="results-title", classes="title")
            yield Words(_("↑↓ choose · Enter: details · C: mark to compare · V: compare"),
                         classes="hint")
            yield ListView(id="ranked")
            with Collapsible(title=t("Not possible for you"), collapsed=True, id="excluded"):
                yield Words("", id="excluded-text")
            yield Words("", id="fallback")
        yield Provenance(classes="provenance")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_ranking()

    def refresh_ranking(self) -> None:
        self.query_one("#results-title", Words).update(_("Ranking…"))
        self.compute()

    @work(thread=True, exclusive=True, group="rank")
    def compute(self) -> None:
        needs = self.participant.needs()
        ranking = self.advisor.rank(needs)
        fb = self.advisor.fallback(needs)
        for r in ranking.ranked:  # put the reasons into words here, off the UI thread
            r.reasons  # noqa: B018
        self.app.call_from_thread(self.show, ranking, fb)

    def show(self, ranking: Ranking, fb: Fallback) -> None:
        self.ranking, self.fb = ranking, fb
        p = self.participant
        loc = p.location
        assert loc is not None
        who = _("level {level}").format(level=p.level) if p.level else _("level not known")
        self.query_one("#results-title", Words).update(
            ngettext("{place}: {n} supplier ({who})",
                     "{place}: {n} suppliers, best first ({who})", len(ranking.ranked)).format(
                place=loc.label, n=len(ranking.ranked), who=who))
        self._fill()
        excluded = self.query_one("#excluded", Collapsible)
        excluded.title = t("Not possible for you ({n})", n=len(ranking.excluded))
        excluded.display = bool(ranking.excluded)
        self.query_one("#excluded-text", Words).update(Text("\n".join(
            f"{e.supplier}: {render(e.reason)}" for e in ranking.excluded)))
        box = fallback_text(fb)
        for note in ranking.notes:  # the day of AF's office list: every distance is as of it
            if note.id == "offices_as_of":
                box.append("\n" + render(note)[:1].upper() + render(note)[1:])
        self.query_one("#fallback", Words).update(box)
        self.query_one("#ranked", ListView).focus()

    def _fill(self, keep: int | None = None) -> None:
        assert self.ranking is not None
        view = self.query_one("#ranked", ListView)
        index = view.index if keep is None else keep
        view.clear()
        reasons = 1 if self.chooser.counsellor else 2
        p = self.participant
        for r in self.ranking.ranked:
            marks = " ".join(m for m, on in ((_("compare"), r.ka in p.compare),
                                             (_("shortlist"), r.ka in p.shortlist)) if on)
            view.append(ListItem(Words(row_text(r, marks, reasons)), name=r.ka))
        if self.ranking.ranked:
            view.index = min(index or 0, len(self.ranking.ranked) - 1)

    def current(self) -> Ranked | None:
        view = self.query_one("#ranked", ListView)
        if self.ranking is None or view.index is None or not self.ranking.ranked:
            return None
        return self.ranking.ranked[view.index]

    def on_list_view_selected(self, _event: ListView.Selected) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        from chooser.tui.screens.detail import DetailScreen

        r = self.current()
        if r is not None:
            self.app.push_screen(DetailScreen(r))

    def action_mark(self) -> None:
        r = self.current()
        if r is None:
            return
        marked = self.participant.compare
        if r.ka in marked:
            marked.remove(r.ka)
        elif len(marked) >= MAX_COMPARE:
            self.notify(t("You can compare up to three. Unmark one first (C)."))
            return
        else:
            marked.append(r.ka)
        self._fill()

    def action_compare(self) -> None:
        from chooser.tui.screens.compare import CompareScreen

        if len(self.participant.compare) < 2:
            self.notify(t("Mark two or three suppliers with C first."))
            return
        assert self.ranking is not None
        chosen = [r for r in self.ranking.ranked if r.ka in self.participant.compare]
        self.app.push_screen(CompareScreen(chosen))

    def action_shortlist(self) -> None:
        r = self.current()
        if r is None or not self.chooser.counsellor:
            return
        s = self.participant.shortlist
        s.remove(r.ka) if r.ka in s else s.append(r.ka)
        self._fill()

    def action_save(self) -> None:
        from chooser.tui.screens.save import SaveScreen

        if not self.chooser.counsellor or self.ranking is None:
            return
        chosen = [r for r in self.ranking.ranked if r.ka in self.participant.shortlist]
        self.app.push_screen(SaveScreen(chosen or self.ranking.ranked[:5], self.fb))
