"""``chooser simulate --plot FILE``: one picture of the verdict, as plain SVG text.

One row per delivery area (largest first, Sweden on top): the share getting work or
studies under AF's nearest-office rule and under the fallback, each a dot on its
interval. Scored with a later dataset, the dots are the *realised* shares (what the
later cohort achieved at the same contracts) and a faint mark shows the in-sample
expectation, so a reader sees at once how much of the promise survived. No plotting
library: a chart is a few hundred rectangles and circles.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from chooser.core.verdict import AreaVerdict, Share, Verdict
from chooser.text.i18n import _, format_number

NEAREST = "#b8860b"  # dark goldenrod and blue: told apart also by colour-blind readers
FALLBACK = "#1f5fa8"
ROW = 18
LEFT = 230
WIDTH = 800
PLOT = WIDTH - LEFT - 30


def chart(v: Verdict, title: str) -> str:
    rows = [v.national, *sorted(v.areas, key=lambda a: (-a.people, a.area or ""))]
    scored = v.national.realised_gain is not None
    shares = [s for a in rows for s in _pair(a, scored) + _pair(a, False) if s is not None]
    # the axis spans the dots, not the widest interval: a small area's interval may run
    # off the edge (drawn to it) rather than squeeze every other row into a sliver
    lo = max(0.0, min(s.mean for s in shares) - 0.05)
    hi = min(1.0, max(s.mean for s in shares) + 0.05)
    lo, hi = _nice(lo, 0.05, down=True), _nice(hi, 0.05, down=False)
    top = 78
    height = top + ROW * len(rows) + 40

    def x(p: float) -> float:
        return LEFT + (min(max(p, lo), hi) - lo) / (hi - lo) * PLOT

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    what = (_("realised share getting work or studies (later cohort, interval at 90 %); "
              "faint: expected on the data that chose") if scored else
            _("expected share getting work or studies (interval at 90 %)"))
    out.append(f'<text x="10" y="38">{escape(what)}</text>')
    legend = [(NEAREST, _("AF's nearest-office rule")), (FALLBACK, _("best-performer fallback"))]
    lx = 10
    for colour, label in legend:
        out.append(f'<circle cx="{lx + 5}" cy="54" r="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 14}" y="58">{escape(label)}</text>')
        lx += 24 + 6.5 * len(label)
    tick = lo
    while tick <= hi + 1e-9:
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" '
                   f'y2="{top + ROW * len(rows)}" stroke="#ddd"/>')
        out.append(f'<text x="{tx:.1f}" y="{top + ROW * len(rows) + 14}" '
                   f'text-anchor="middle">{format_number(100 * tick, 0)} %</text>')
        tick += 0.05
    for i, a in enumerate(rows):
        y = top + ROW * i + ROW / 2
        if i % 2:
            out.append(f'<rect x="0" y="{y - ROW / 2:.1f}" width="{WIDTH}" height="{ROW}" '
                       f'fill="#f6f6f6"/>')
        name = a.area if a.area is not None else _("Sweden")
        short = name if len(name) <= 28 else name[:27] + "…"
        label = f"{short} ({format_number(a.people, 0)})"
        weight = ' font-weight="bold"' if a.area is None else ""
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end"{weight}>'
                   f'{escape(label)}</text>')
        near, fb = _pair(a, scored)
        if scored:
            e_near, e_fb = _pair(a, False)
            for s, colour in ((e_near, NEAREST), (e_fb, FALLBACK)):
                if s is not None:
                    out.append(f'<line x1="{x(s.mean):.1f}" y1="{y - 5:.1f}" '
                               f'x2="{x(s.mean):.1f}" y2="{y + 5:.1f}" stroke="{colour}" '
                               f'stroke-opacity="0.35" stroke-width="2"/>')
        for s, colour, dy in ((near, NEAREST, -3), (fb, FALLBACK, 3)):
            if s is None:
                continue
            out.append(f'<line x1="{x(s.low):.1f}" y1="{y + dy:.1f}" x2="{x(s.high):.1f}" '
                       f'y2="{y + dy:.1f}" stroke="{colour}" stroke-width="1.5"/>')
            out.append(f'<circle cx="{x(s.mean):.1f}" cy="{y + dy:.1f}" r="3.5" '
                       f'fill="{colour}"><title>{escape(_tip(name, s))}</title></circle>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _pair(a: AreaVerdict, realised: bool) -> tuple[Share | None, Share | None]:
    if realised:
        return a.realised_nearest, a.realised_fallback
    return a.expected_nearest, a.expected_fallback


def _tip(name: str, s: Share) -> str:
    return (f"{name}: {format_number(100 * s.mean, 1)} % "
            f"({format_number(100 * s.low, 1)}–{format_number(100 * s.high, 1)} %)")


def _nice(v: float, step: float, *, down: bool) -> float:
    import math

    q = v / step
    return (math.floor(q + 1e-9) if down else math.ceil(q - 1e-9)) * step
