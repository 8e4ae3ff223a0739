"""Reasons in words: a core :class:`~chooser.core.reasons.Reason` as a sentence in the
current language, its raw parameters formatted the locale's way."""

from __future__ import annotations

from chooser.core.reasons import MESSAGES, Reason
from chooser.text.i18n import _, format_month, format_number, format_percent, language_name
from chooser.text.phrases import stars


def _km(x: float) -> str:  # the templates say "{km} km", so the number alone
    return format_number(x, 1 if x < 10 else 0)


_FORMAT = {
    "rate": format_percent, "prior": format_percent, "best": format_percent,
    "nearest": format_percent, "low": format_percent, "high": format_percent,
    "other": format_percent,
    "km": _km, "max": _km, "reach": _km, "month": format_month,
    "language": language_name, "stars": stars,
    "value": lambda v: format_number(v, 3), "average": lambda v: format_number(v, 3),
    "areas": lambda v: " / ".join(v) or _("no known delivery area"),
    "date": lambda v: f" ({v})" if v else "",
}  # fmt: skip


def render(r: Reason) -> str:
    """The reason as a sentence in the current language."""
    params = {k: (_FORMAT[k](v) if k in _FORMAT and v is not None else v)
              for k, v in r.params.items()}
    return _(MESSAGES[r.id]).format(**params)
