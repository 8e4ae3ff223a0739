"""Translation and locale formatting.

Every user-visible string goes through :func:`_` (or :func:`ngettext` when it counts
something). The catalogs are babel's ``.po`` files in ``locales/<lang>/LC_MESSAGES/
chooser.po``, read directly when a language is chosen: there is no compile step to
forget, and a translator's edit shows at the next start. English is the language the
messages are written in, so it needs no catalog at run time, and the command line's
default path imports no babel at all.

Formatting (numbers, percentages, km, months) follows the chosen locale through babel's
CLDR data; English has a small fast path that gives exactly babel's English output (a
test compares them).
"""

from __future__ import annotations

import os

# the languages chooser speaks, in the order the language screen offers them
LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "uk")
RTL = frozenset({"ar", "fa"})  # written right to left; see chooser.text.bidi

_locale = "en"
_messages: dict[str, str] = {}
_plurals: dict[str, list[str]] = {}


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


_plural_index = _english_plural  # replaced by a catalog's Plural-Forms


def _(message: str) -> str:
    return _messages.get(message) or message


def N_(message: str) -> str:
    """Marks a string for the catalogs without translating it now (it is translated
    where it is shown, so a change of language reaches it)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = _plurals.get(singular)
    if forms:
        form = forms[min(_plural_index(n), len(forms) - 1)]
        if form:
            return form
    return singular if n == 1 else plural


def locale() -> str:
    return _locale


def is_rtl() -> bool:
    return _locale in RTL


def locales_dir() -> str:
    from chooser.storage.paths import locales_dir as where

    return where()


def catalog_path(code: str) -> str:
    return os.path.join(locales_dir(), code, "LC_MESSAGES", "chooser.po")


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG (gettext's order) that names a
    language chooser speaks; English otherwise ("sv_SE.UTF-8" → "sv")."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in env.get(var, "").split(":"):
            code = part.split(".")[0].split("_")[0].split("@")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
    return "en"


def read_catalog(code: str) -> tuple[dict[str, str], dict[str, list[str]], str | None]:
    """(messages, plural forms, Plural-Forms expression) of one .po file; fuzzy and
    empty entries are left out, so English shows until a translation is done."""
    from babel.messages.pofile import read_po

    with open(catalog_path(code), "rb") as fh:
        cat = read_po(fh, locale=code, domain="chooser")
    messages: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple | list):
            forms = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
            if any(forms):
                plurals[m.id[0]] = forms
        elif m.string:
            messages[m.id] = m.string
    return messages, plurals, cat.plural_expr


def set_locale(code: str) -> None:
    """Switch every later message and format to ``code`` (one of :data:`LANGUAGES`)."""
    global _locale, _messages, _plurals, _plural_index
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} (chooser speaks {', '.join(LANGUAGES)})")
    _locale = code
    if code == "en":
        _messages, _plurals = {}, {}
        _plural_index = _english_plural
        return
    messages, plurals, expr = read_catalog(code)
    import gettext

    _messages, _plurals = messages, plurals
    _plural_index = gettext.c2py(expr or "(n != 1)")  # gettext's own safe C-expression


class in_language:
    """Messages and formats in ``code`` for a while (the choice card's Swedish half, for
    the AF officer), then back to the language in use. Not for worker threads: the
    language is the app's, and the app's thread is the one that draws. A class, not a
    contextlib.contextmanager: every command imports this module, and contextlib costs
    a twentieth of the start-up budget."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.before = _locale

    def __enter__(self) -> None:
        self.before = _locale
        set_locale(self.code)

    def __exit__(self, *exc: object) -> None:
        set_locale(self.before)


# --- formatting ----------------------------------------------------------------------

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


def format_list(items: list[str], style: str = "standard") -> str:
    """Names as a list in the current language, as CLDR says it (babel): "A, B and C",
    Swedish "A, B och C", Arabic "A وB وC"; ``style="or"`` for alternatives ("A or B"),
    where a place may be in one of several areas."""
    from babel.lists import format_list as cldr_list

    return cldr_list(list(items), style=style, locale=_locale) if items else ""


def format_number(x: float, decimals: int = 0) -> str:
    """1234.5 → "1,234.5" in English, "1 234,5" in Swedish, "١٬٢٣٤٫٥" in Arabic."""
    if _locale == "en":
        return f"{x:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(x, decimals), format=pattern, locale=_locale)


def format_percent(fraction: float) -> str:
    """0.394 → "39%" in English, "39 %" in Swedish (whole percent: AF's samples are
    too small for decimals to mean anything)."""
    if _locale == "en":  # babel rounds to two places first; so does this
        return f"{round(round(fraction, 2) * 100)}%"
    from babel.numbers import format_percent as babel_percent

    return babel_percent(round(fraction, 2), locale=_locale)


def format_km(km: float) -> str:
    """A distance: one decimal under 10 km, whole km above ("1.9 km", "23 km")."""
    return _("{number} km").format(number=format_number(km, 1 if km < 10 else 0))
