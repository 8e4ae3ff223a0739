"""Translation and locale formatting.

Every user-visible string goes through :func:`_`. Catalogs come with the languages issue;
until a catalog is loaded, messages are shown in English, the language they are written in.
Formatting of months uses babel, imported only when text (not JSON) is printed.
"""

from __future__ import annotations

# the languages chooser speaks, in the order the language screen offers them
LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "uk")

_locale = "en"


def _(message: str) -> str:
    return message


def set_locale(locale: str) -> None:
    global _locale
    _locale = locale


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December")

# English names of the languages jobseekers in ROM2 most often need; others come from
# babel's CLDR data. A table here keeps babel (tens of ms) off the command line's path.
_ENGLISH_LANGUAGES = {
    "sv": "Swedish", "en": "English", "ar": "Arabic", "so": "Somali", "ti": "Tigrinya",
    "fa": "Persian", "uk": "Ukrainian", "ru": "Russian", "pl": "Polish", "ku": "Kurdish",
    "tr": "Turkish", "es": "Spanish", "fr": "French", "de": "German", "fi": "Finnish",
    "bs": "Bosnian", "hr": "Croatian", "sr": "Serbian", "am": "Amharic", "ps": "Pashto",
    "th": "Thai", "zh": "Chinese", "vi": "Vietnamese", "ro": "Romanian", "sq": "Albanian",
}  # fmt: skip


def language_name(code: str) -> str:
    """"ar" → "Arabic" in the current language; an unknown code is shown as itself."""
    if _locale == "en" and code in _ENGLISH_LANGUAGES:
        return _ENGLISH_LANGUAGES[code]
    try:
        from babel import Locale

        name = Locale.parse(_locale).languages.get(code)
    except (ValueError, LookupError):
        name = None
    return name or code


def format_month(period: str | None) -> str:
    """"2026-05" → "May 2026" (or "maj 2026" in Swedish); None → "unknown"."""
    if not period:
        return _("unknown")
    if _locale == "en":
        return f"{_ENGLISH_MONTHS[int(period[5:7]) - 1]} {period[:4]}"
    import datetime as dt

    from babel.dates import format_date

    return format_date(dt.date(int(period[:4]), int(period[5:7]), 1), "LLLL yyyy",
                       locale=_locale)
