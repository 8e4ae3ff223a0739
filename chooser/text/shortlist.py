"""A counsellor's shortlist as plain text or Markdown (pure; the app writes the file,
and only to a path the counsellor types)."""

from __future__ import annotations

from chooser.core.fallback import Fallback
from chooser.core.ranking import Ranked
from chooser.text.i18n import _
from chooser.text.phrases import grade_words, km
from chooser.text.render import render


def render_shortlist(chosen: list[Ranked], fb: Fallback | None, *, place: str,
                     provenance: str, markdown: bool,
                     offices: dict[str, str] | None = None) -> str:
    """``provenance`` dates the data (AF's publications); ``offices`` gives each KA's
    nearest office as a line (chooser.text.card.office_line), so the file can be acted
    on without the app."""
    h1, h2, item = ("# ", "## ", "- ") if markdown else ("", "", "  - ")
    lines = [f"{h1}{_('Shortlist')}: {place}", "", provenance, ""]
    for r in chosen:
        far = f", {km(r.distance_km)}" if r.distance_km is not None else ""
        lines.append(f"{h2}{r.rank}. {r.row.supplier} (KA {r.ka}{far})")
        lines.append(grade_words(r))
        if offices and r.ka in offices:
            lines.append(offices[r.ka])
        lines += [item + render(x) for x in r.reasons]
        lines.append("")
    if fb is not None:
        lines.append(f"{h2}{_('If no choice is made')}")
        lines += [item + render(x) for x in fb.reasons]
        lines.append("")
    return "\n".join(lines)
