"""The words a jobseeker meets on the screens, each said once in plain language: the help
screen (F1) lists them all, the detail puts each beside its figure, and the command
line's --help ends with them. Short sentences, everyday words, one idea each."""

from __future__ import annotations

from chooser.text.i18n import N_, _

# topic → the plain-language line (English message id; translated when shown)
GLOSSARY: dict[str, str] = {
    "level": N_("Level A, B or C: AF's estimate of how far you are from work. A is closest, "
                "C is furthest. Your AF officer knows your level."),
    "stars": N_("Stars (1 to 4): AF's grade for the supplier in your area. 4 stars is "
                "best."),
    "no_grade": N_("No grade yet: AF has not graded this supplier here yet, often because "
                   "it is new or small. It is not a bad grade."),
    "got_work": N_("Got work or studies: the share of participants who got a job or "
                   "started to study."),
    "kept": N_("Kept it: the share who still had the job or the studies when AF checked "
               "later."),
    "estimate": N_("The estimate and its range (for example likely 18–35 %): what we "
                   "expect for a person at your level. Few participants make the range "
                   "wide."),
    "follow_up": N_("Follow-up month: the month in which AF counted the results."),
    "weighted": N_("Weighted result: AF's own result figure, in which results at level C "
                   "count more. Below 0.2, AF may end the contract."),
    "offices_date": N_("Office list date: the day the offices were read from AF's search. "
                       "Offices can move; ask the supplier."),
    "next_step": N_("What to do next: choose a supplier, then tell AF at your meeting or "
                    "before the date in your letter. If you do not choose, AF chooses for "
                    "you. You can change supplier later."),
}
KEYS = N_("Keys: arrows move, Enter opens, Escape goes back, F1 help, F2 start over, "
          "F4 language.")


# a row's figure → the lines that explain it: its grade, and the reasons it shows
REASON_TOPICS: dict[str, tuple[str, ...]] = {
    "grade": ("stars",), "no_grade": ("no_grade",), "level_work": ("level", "got_work"),
    "level_kept": ("kept",), "level_estimate": ("estimate",), "weighted": ("weighted",),
}


def first_told(rows: list[list[str]]) -> list[list[str]]:
    """For rows of figures (reason ids, in the order shown), the glossary topics each row
    is the first to show: a list explains each figure once, where it first appears."""
    told: set[str] = set()
    out = []
    for ids in rows:
        new = [topic for i in ids for topic in REASON_TOPICS.get(i, ()) if topic not in told]
        new = list(dict.fromkeys(new))
        told.update(new)
        out.append(new)
    return out


def explain(topic: str) -> str:
    return _(GLOSSARY[topic])


def all_lines() -> list[str]:
    """Every entry, in the current language, in the order a person meets them."""
    return [_(GLOSSARY[k]) for k in GLOSSARY]
