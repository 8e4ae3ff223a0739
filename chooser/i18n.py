"""Translation and locale formatting.

Every user-visible string goes through :func:`_`. Catalogs come with the languages issue;
until a catalog is loaded, messages are shown in English, the language they are written in.
Formatting of months uses babel, imported only when text (not JSON) is printed.
"""

from __future__ import annotations

_locale = "en"


def _(message: str) -> str:
    return message


def set_locale(locale: str) -> None:
    global _locale
    _locale = locale


def format_month(period: str | None) -> str:
    """"2026-05" → "May 2026" (or "maj 2026" in Swedish); None → "unknown"."""
    if not period:
        return _("unknown")
    import datetime as dt

    from babel.dates import format_date

    return format_date(dt.date(int(period[:4]), int(period[5:7]), 1), "LLLL yyyy",
                       locale=_locale)
