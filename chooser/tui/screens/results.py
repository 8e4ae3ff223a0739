"""Results: the ranked list with each row's top reasons, the excluded contracts (folded
away), and "if you don't choose": AF's nearest-office rule against the best performer."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Collapsible, ListItem, ListView

from chooser.core.explain import office_label
from chooser.core.fallback import Fallback
from chooser.core.ranking import Ranked, Ranking
from chooser.text.glossary import explain, first_told
from chooser.text.i18n import N_, _, ngettext
from chooser.text.phrases import SHOWN_ABOVE, fallback_choice, grade_words, km
from chooser.text.render import render
from chooser.tui.hints import Hints
from chooser.tui.screens.base import BACK, ChooserScreen, Provenance
from chooser.tui.words import SHORT_ROWS, Words, t

MAX_COMPARE = 3
# the list's first row carries up to four "what is this?" lines: below this height they
# would leave room for fewer than three suppliers (at 30 rows, one and a half)
EXPLAIN_ROWS = 36
# said on the row's second line already

# a stated need that no supplier's data answers: said once above the list, not per row
UNKNOWN_NEEDS = {
    "lang_unknown": N_("AF publishes no data about languages; ask the supplier."),
    "remote_unknown": N_("AF publishes no data about remote meetings; ask the supplier."),
    "accessible_unknown": N_("AF publishes no data about accessible premises; ask the "
                             "supplier."),
}
# the figures that explain the order (the participant's level's results, AF's weighted
# measure): a dense row with room for one reason shows one of these first
EVIDENCE = ("level_work", "level_few", "weighted", "level_kept")


def unknown_everywhere(ranked: list[Ranked]) -> list[str]:
    """The unknown-need reason ids that every ranked row has (so none tells them apart)."""
    return [i for i in UNKNOWN_NEEDS
            if ranked and all(any(x.id == i for x in r.reasons) for r in ranked)]


def row_reasons(r: Ranked, count: int, hidden: frozenset[str] = frozenset()) -> list:
    """The reasons a row shows: not what its second line says already, not what the
    header says for every row; with room for one, the evidence behind the order."""
    shown = [x for x in r.reasons if x.id not in SHOWN_ABOVE and x.id not in hidden]
    if count == 1:
        evidence = [x for x in shown if x.id in EVIDENCE]
        shown = evidence[:1] + [x for x in shown if x not in evidence[:1]]
    return shown[:count]


def row_figures(r: Ranked, reasons: int, hidden: frozenset[str] = frozenset()) -> list[str]:
    """The reason ids of the figures a row shows: its grade, then its reasons."""
    return ["grade" if r.stars is not None else "no_grade"] + [x.id for x in row_reasons(r, reasons,
                                                                            hidden)]


def row_text(r: Ranked, marks: str, reasons: int,
             hidden: frozenset[str] = frozenset(), dense: bool = False,
             what: list[str] | None = None) -> Text:
    """A row of the list; ``dense`` (a short terminal or the counsellor's rows) puts the
    office's distance on the grade's line and leaves its address to the detail; ``what``:
    the glossary topics this row is the first to show, each said under it in a line."""
    t = Text()
    t.append(f"{r.rank:>2}. ", style="bold")
    t.append(r.row.supplier, style="bold")
    if marks:
        t.append(f"  [{marks}]", style="reverse")
    t.append("\n    " + grade_words(r))
    if r.at_risk:
        t.append("  ·  " + _("at risk of termination"), style="bold")
    if r.distance_km is not None:  # the nearest office, as a person looks for it
        far = _("office {km} away").format(km=km(r.distance_km))
        if dense:
            t.append("  ·  " + far)
        else:
            t.append("\n    " + far)
            if r.office is not None:
                t.append(": " + office_label(r.office))
    # the grade is already on the line above; the next reasons say why
    for x in row_reasons(r, reasons, hidden):
        t.append("\n    – " + render(x))
    for topic in what or ():  # "what is this?", the first time a figure appears
        t.append("\n    ⓘ " + explain(topic), style="italic")
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
        Binding("s", "shortlist", N_("Shortlist"), show=True),
        Binding("ctrl+s", "save", N_("Save shortlist"), show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ranking: Ranking | None = None
        self.fb: Fallback | None = None
        self.hidden: frozenset[str] = frozenset()  # unknown needs the header states

    def compose(self) -> ComposeResult:
        with Vertical(id="results"):
            yield Words(_("Ranking…"), id="results-title", classes="title")
            yield Words(_("↑↓ choose · Enter: details · C: mark to compare · V: compare"),
                         classes="hint")
            yield Words("", id="needs-note", classes="note")
            yield ListView(id="ranked")
            with Collapsible(title=t("Not possible for you"), collapsed=True, id="excluded"):
                yield Words("", id="excluded-text")
            # scrolls on its own when long, so the list keeps its rows on a short screen
            with VerticalScroll(id="fallback-box"):
                yield Words("", id="fallback")
        yield Provenance(classes="provenance")
        yield Hints()

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
        self.hidden = frozenset(unknown_everywhere(ranking.ranked))
        note = self.query_one("#needs-note", Words)
        note.update(" ".join(_(UNKNOWN_NEEDS[i]) for i in UNKNOWN_NEEDS if i in self.hidden))
        note.display = bool(self.hidden)
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
        # one reason a row when rows are dense or the terminal short: three suppliers
        # or more fit at 80×24
        reasons = 1 if self.chooser.counsellor or self.app.size.height < SHORT_ROWS else 2
        p = self.participant
        dense = reasons == 1
        # each figure explained where it first appears, when the terminal leaves room for
        # three suppliers besides; a dense list (80×24, the counsellor) or a short one
        # leaves it to the detail and F1
        explain_here = not dense and self.app.size.height >= EXPLAIN_ROWS
        told = first_told([row_figures(r, reasons, self.hidden) for r in self.ranking.ranked])
        for r, what in zip(self.ranking.ranked, told, strict=True):
            marks = " ".join(m for m, on in ((_("compare"), r.ka in p.compare),
                                             (_("shortlist"), r.ka in p.shortlist)) if on)
            view.append(ListItem(Words(row_text(r, marks, reasons, self.hidden, dense=dense,
                                                what=what if explain_here else None)),
                                 name=r.ka))
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
        """Only what the counsellor shortlisted (S), or a word that nothing is."""
        from chooser.text.card import office_line
        from chooser.text.shortlist import render_shortlist
        from chooser.tui.screens.save import SaveScreen

        if not self.chooser.counsellor or self.ranking is None:
            return
        chosen = [r for r in self.ranking.ranked if r.ka in self.participant.shortlist]
        if not chosen:
            self.notify(t("Nothing is shortlisted. Press S on a supplier first."))
            return
        loc = self.participant.location
        lat, lon = (loc.lat, loc.lon) if loc else (None, None)
        offices = {r.ka: office_line(*self.advisor.nearest_office(r, lat, lon))
                   for r in chosen}
        fb, provenance = self.fb, self.chooser.sub_title

        def text(markdown: bool) -> str:
            return render_shortlist(chosen, fb, place=loc.label if loc else "",
                                    provenance=provenance, markdown=markdown,
                                    offices=offices)

        n = len(chosen)
        self.app.push_screen(SaveScreen(
            ngettext("Save the shortlist ({n} supplier)", "Save the shortlist ({n} suppliers)",
                     n).format(n=n), text, "~/shortlist.md"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # the shortlist keys are the counsellor's: hidden from a participant's footer
        if action in ("shortlist", "save") and not self.chooser.counsellor:
            return False
        return super().check_action(action, parameters)
