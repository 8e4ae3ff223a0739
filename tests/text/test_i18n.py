"""Languages: the catalogs are complete and correct, every user-visible string is in
them, formatting follows the locale, right-to-left text is put in display order.

The catalog check is what CI runs to refuse a change that adds a string without
translating it (see the README, "Translations")."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from chooser.text import i18n
from chooser.text.bidi import lines, shown
from chooser.text.i18n import LANGUAGES, catalog_path, set_locale
from tests.conftest import REPO

KEYWORDS = {"_": None, "N_": None, "t": None, "ngettext": (1, 2)}
BRACES = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")
PERCENT = re.compile(r"%\((\w+)\)[sdr]|%[sdr]")


def extracted() -> set[str]:
    """Every message id in the code, found as pybabel extract finds them."""
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(REPO / "chooser"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def catalog(code: str):
    with open(catalog_path(code), "rb") as fh:
        return read_po(fh, locale=code)


def key(m) -> str:
    return m.id[0] if isinstance(m.id, tuple | list) else m.id


@pytest.fixture(scope="module")
def code_ids() -> set[str]:
    return extracted()


def test_the_template_is_up_to_date(code_ids):
    with open(REPO / "locales" / "chooser.pot", "rb") as fh:
        pot = {key(m) for m in read_po(fh) if m.id}
    assert code_ids - pot == set(), "run the extract command in the README"
    assert pot - code_ids == set(), "run the extract command in the README"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_string_is_translated_in_every_catalog(code, code_ids):
    cat = catalog(code)
    entries = {key(m): m for m in cat if m.id}
    missing = sorted(code_ids - set(entries))
    assert not missing, f"{code}: not in the catalog: {missing[:5]}"
    untranslated = [k for k, m in entries.items() if k in code_ids and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple | list) else m.string))]
    assert not untranslated, f"{code}: untranslated or fuzzy: {untranslated[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_catalog_compiles_and_keeps_its_placeholders(code):
    cat = catalog(code)
    write_mo(io.BytesIO(), cat)  # what msgfmt would do
    assert cat.plural_expr and cat.num_plurals >= 1
    problems = [(m.id, errs) for m in cat if m.id for errs in [list(m.check(cat))] if errs]
    assert not problems, problems[:3]
    for m in cat:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        wanted = set().union(*(BRACES.findall(i) for i in ids))
        for s in strings:
            got = set(BRACES.findall(s))
            # a plural form may leave the count out ("one contract"); nothing else may be
            # dropped, and nothing may be added that .format() would not fill
            assert got <= wanted, (code, m.id, s)
            assert wanted - got <= ({"n"} if len(ids) > 1 else set()), (code, m.id, s)
            assert sorted(PERCENT.findall(s)) == sorted(PERCENT.findall(ids[0])), (code, s)


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_unreviewed_catalogs_say_so(code):
    head = catalog_path(code)
    with open(head, encoding="utf-8") as fh:
        top = fh.read(600)
    assert "NEEDS REVIEW BY A NATIVE SPEAKER" in top


# --- strings shown without a catalog --------------------------------------------------

SHOWN = {"Words", "Static", "Button", "Label", "notify", "update", "ClearCheckbox",
         "ClearRadioButton", "Option", "append"}
WRAPPERS = {"_", "t", "ngettext", "N_", "shown", "render", "format_month", "stars",
            "grade_words", "fallback_choice", "match_label"}


def _bare_words(node: ast.AST) -> bool:
    """A string literal with letters in it (not "\\n", "·", "  – ")."""
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and re.search(r"[A-Za-z]{2}", node.value) is not None)


def test_no_screen_shows_an_untranslated_literal():
    """Every text handed to a widget in the app goes through the catalogs."""
    offenders = []
    for path in sorted((REPO / "chooser" / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = (call.func.id if isinstance(call.func, ast.Name)
                    else call.func.attr if isinstance(call.func, ast.Attribute) else "")
            if name not in SHOWN:
                continue
            first = call.args[0]
            if isinstance(first, ast.BinOp | ast.JoinedStr):
                parts = list(ast.walk(first))
            else:
                parts = [first]
            for p in parts:
                if _bare_words(p) and not _inside_wrapper(tree, p):
                    offenders.append(f"{path.name}:{p.lineno}: {p.value!r}")
    assert not offenders, offenders


def _inside_wrapper(tree: ast.AST, target: ast.AST) -> bool:
    for call in ast.walk(tree):
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id in WRAPPERS and target in list(ast.walk(call))):
            return True
    return False


# --- formatting -----------------------------------------------------------------------

@pytest.mark.parametrize(("code", "percent", "number", "km", "month"), [
    ("en", "39%", "1,234.5", "1.9 km", "May 2026"),
    ("sv", "39\xa0%", "1\xa0234,5", "1,9 km", "maj 2026"),
    ("uk", "39%", "1\xa0234,5", "1,9 км", "травень 2026"),
    ("ar", "39%", "1,234.5", "1.9 كم", "مايو 2026"),
    ("fa", "39%", "1,234.5", "1.9 کیلومتر", "مه 2026"),
    ("so", "39%", "1,234.5", "1.9 km", "Maayo 2026"),
    ("ti", "39%", "1,234.5", "1.9 ኪሜ", "ጉንበት 2026"),
])
def test_formatting_follows_the_locale(code, percent, number, km, month):
    set_locale(code)
    assert i18n.format_percent(0.394) == percent
    assert i18n.format_number(1234.5, 1) == number
    assert i18n.format_km(1.94) == km
    assert i18n.format_km(23.4).startswith("23")
    assert i18n.format_month("2026-05") == month


def test_english_fast_path_is_babels_english():
    import datetime as dt

    from babel.dates import format_date
    from babel.numbers import format_decimal
    from babel.numbers import format_percent as babel_percent

    for x in (0.0, 0.005, 0.394, 0.5, 0.999, 1.0):
        assert i18n.format_percent(x) == babel_percent(round(x, 2), locale="en")
    for x, d in ((1234.5, 1), (0.316, 3), (12.0, 0), (9.96, 1)):
        pattern = "#,##0" + ("." + "0" * d if d else "")
        assert i18n.format_number(x, d) == format_decimal(round(x, d), format=pattern,
                                                          locale="en")
    for month in range(1, 13):
        assert i18n.format_month(f"2026-{month:02d}") == format_date(
            dt.date(2026, month, 1), "LLLL yyyy", locale="en")


@pytest.mark.parametrize(("code", "n", "expected"), [
    ("en", 1, "1 contract"), ("en", 5, "5 contracts"),
    ("uk", 1, "1 контракт"), ("uk", 3, "3 контракти"), ("uk", 5, "5 контрактів"),
    ("uk", 21, "21 контракт"), ("ar", 2, "2 عقدان"), ("ar", 5, "5 عقود"),
    ("ar", 11, "11 عقدًا"),
])
def test_plural_forms(code, n, expected):
    set_locale(code)
    assert i18n.ngettext("{n} contract", "{n} contracts", n).format(n=n) == expected


def test_reasons_translate_with_their_parameters():
    from chooser.core.reasons import reason
    from chooser.text.render import render

    r = reason("level_work", level="B", k=15, rate=15 / 38, n=38)
    assert render(r) == "for level B: 15 of 38 got work or studies, 39%"
    set_locale("sv")
    assert render(r) == "för nivå B: 15 av 38 fick arbete eller studier, 39\xa0%"


def test_language_from_the_environment():
    f = i18n.language_from_environment
    assert f({"LANG": "sv_SE.UTF-8"}) == "sv"
    assert f({"LANG": "C.UTF-8"}) == "en"
    assert f({"LANGUAGE": "ar:en", "LANG": "sv_SE.UTF-8"}) == "ar"
    assert f({"LC_ALL": "uk_UA.UTF-8", "LANG": "sv_SE.UTF-8"}) == "uk"
    assert f({"LANG": "de_DE.UTF-8"}) == "en"  # not one of chooser's languages


def test_cli_speaks_the_chosen_language():
    from tests.conftest import run_cli

    p = run_cli("--lang", "sv", "rank", "--area", "Ludvika", "--level", "B")
    assert p.returncode == 0, p.stderr
    assert "nivå B, AF:s resultat för maj 2026" in p.stdout and "4 av 4" in p.stdout
    p = run_cli("rank", "--area", "Ludvika", "--level", "B", env={"LANG": "uk_UA.UTF-8"})
    assert "рівень B" in p.stdout
    p = run_cli("--lang", "sv", "rank", "--area", "Ludvika", "--lang", "ar")  # needs ar
    assert p.returncode == 0 and "erbjuder arabiska: okänt" in p.stdout


# --- right to left --------------------------------------------------------------------

def test_arabic_is_shaped_and_in_display_order():
    set_locale("ar")
    text = "للمستوى B: 39% حصلوا (من 38)"
    out = shown(text)
    assert "ﻟ" in out or "ﻠ" in out  # joined (presentation) forms, not isolated letters
    assert out.endswith("ﻯﻮﺘﺴﻤﻠﻟ")  # the first word read is the rightmost
    assert "(38 ﻦﻣ)" in out  # brackets mirrored, the number left to right
    # "B" and "39%" are runs of their own, the colon the sentence's (as a browser's
    # bidi shows it): read from the right, "B", ":", "39%"
    assert "39% :B" in out


def test_a_wrapped_paragraph_keeps_its_reading_order():
    set_locale("ar")
    words = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية"
    rows = lines(words, 20)
    assert len(rows) > 1 and all(len(r) == 20 for r in rows)
    assert "ﺪﺣﺍﻭ" in rows[0]  # the first word is on the first line
    assert rows[0].rstrip().endswith("ﺪﺣﺍﻭ")  # … at its right end


def test_left_to_right_text_is_left_alone():
    set_locale("sv")
    assert shown("Ludvika (Dalarna)") == "Ludvika (Dalarna)"


def test_kiosk_and_app_languages_have_catalogs():
    for code in LANGUAGES:
        assert Path(catalog_path(code)).exists()


def test_ukrainian_months_are_never_put_after_a_preposition_that_needs_another_case():
    """A month is shown in the nominative ("березень 2026"); "у"/"в" would need the
    locative ("у березні"), so the Ukrainian catalog says "за {month}" (the accusative,
    which is the nominative for months) instead."""
    bad = [m.string for m in catalog("uk") if m.id
           for s in (m.string if isinstance(m.string, tuple | list) else (m.string,))
           if re.search(r"(?<!\w)[ув] \{month\}", s)]
    assert not bad, bad
    set_locale("uk")
    from chooser.text.i18n import _, format_month

    assert _("also {previous} of 4 in {month}").format(
        previous=4, month=format_month("2026-03")) == "також 4 з 4 у публікації за березень 2026"


def test_lists_are_joined_in_the_language_shown():
    """Arabic joined names with a Latin ", " inside an Arabic sentence; the place screen's
    lists now follow CLDR ("or" for the areas a place may be in)."""
    from chooser.text.i18n import format_list, in_language

    areas = ["Stockholm Nord", "Stockholm Syd"]
    with in_language("sv"):
        assert format_list(areas, "or") == "Stockholm Nord eller Stockholm Syd"
        assert format_list(["A", "B", "C"]) == "A, B och C"
    with in_language("ar"):
        assert format_list(areas, "or") == "Stockholm Nord أو Stockholm Syd"
        assert ", " not in format_list(["A", "B", "C"])
    with in_language("en"):
        assert format_list([]) == "" and format_list(["A"]) == "A"
