"""Reasons in words: a core :class:`~chooser.core.reasons.Reason` as a sentence in the
current language, its raw parameters formatted the locale's way."""

from __future__ import annotations

from chooser.core.reasons import MESSAGES, Reason
from chooser.text.i18n import _, format_month, format_number, format_percent, language_name
from chooser.text.phrases import stars


def _km(x: float) -> str:  # the templates say "{km} km", so the number alone
    return format_number(x, 1 if x < 10 else 0)


def _points(x: float) -> str:
    """A difference of shares in percentage points, always signed: "+2.7", "−0.4"."""
    text = format_number(100 * x, 1)
    return text if text.startswith(("-", "−")) else "+" + text


_FORMAT = {
    "rate": format_percent, "prior": format_percent, "best": format_percent,
    "nearest": format_percent, "low": format_percent, "high": format_percent,
    "best_low": format_percent, "best_high": format_percent,
    "nearest_low": format_percent, "nearest_high": format_percent,
    "gain": _points, "gain_low": _points, "gain_high": _points,
    "other": format_percent,
    "km": _km, "max": _km, "reach": _km, "extra": _km, "month": format_month,
    "language": language_name, "stars": stars,
    "value": lambda v: format_number(v, 3), "average": lambda v: format_number(v, 3),
    "areas": lambda v: " / ".join(v) or _("no known delivery area"),
    "date": lambda v: f" ({v})" if v else "",
}  # fmt: skip


def render(r: Reason) -> str:
    """The reason as a sentence in the current language."""
    # a missing grade is a value too: stars(None) says "no grade yet" (never "None")
    params = {k: (_FORMAT[k](v) if k in _FORMAT and (v is not None or k == "stars") else v)
              for k, v in r.params.items()}
    return _(MESSAGES[r.id]).format(**params)
