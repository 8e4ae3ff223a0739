"""Right-to-left lines against hand-checked display order: each expected string is what
an Arabic reader sees on screen, left to right as the terminal draws it (letters shaped
into presentation forms, then put in visual order). Numbers, postcodes, KA numbers,
names and units must read left to right inside it, and brackets must pair."""

from __future__ import annotations

import unicodedata

import arabic_reshaper
import pytest

from chooser.text import bidi
from chooser.text.i18n import set_locale


def shaped(text: str) -> str:
    """Arabic words in the presentation forms the screen shows, letters reversed (the
    visual order of a right-to-left word)."""
    return arabic_reshaper.reshape(text)[::-1]


@pytest.fixture(autouse=True)
def arabic():
    set_locale("ar")
    yield
    set_locale("en")


# (logical text, the visual line, built from hand-ordered parts); the Arabic words are
# reversed by `shaped`, the left-to-right parts are written as they must appear
CASES = [
    # place screen placeholder: the postcode stays "771 30", not "30 771"
    ("مثلا 771 30 أو Ludvika",
     lambda: f"Ludvika {shaped('أو')} 771 30 {shaped('مثلا')}"),
    # a suggestion: the postcode and the town one run, the bracket pair mirrored alike
    ("424 65 Angered  (رمز بريدي، Göteborg)",
     lambda: f"(Göteborg {shaped('رمز بريدي،')})  424 65 Angered"),
    # list header: the count after the place, not inside it
    ("424 65 Angered: 12 موردًا",
     lambda: f"{shaped('موردًا')} 12 :424 65 Angered"),
    # list row: "km" stays with its number
    ("المكتب على بعد 3,2 km",
     lambda: f"3,2 km {shaped('المكتب على بعد')}"),
    # detail: KA number and area name read left to right
    ("KA 10072536، منطقة التسليم Göteborg Nordost",
     lambda: f"Göteborg Nordost {shaped('منطقة التسليم')} {shaped('،')}KA 10072536"),
    # card: an address with postcode and distance in brackets
    ("أقرب مكتب: Storgatan 1, 424 65 Angered (3,2 km)",
     lambda: f"Storgatan 1, 424 65 Angered (3,2 km) {shaped('أقرب مكتب:')}"),
    # list row: a grade whose bracket opens after a number and closes after Arabic
    ("★★★★ 4 من 4 (Demo Bergslagen، مايو 2026)",
     lambda: f"(2026 {shaped('مايو')} {shaped('،')}Demo Bergslagen) 4 {shaped('من')} 4 ★★★★"),
    # detail: an office with its distance in Arabic units
    ("• Exempelgatan 1, 771 30 Borlänge  (40 كم)",
     lambda: f"({shaped('كم')} 40)  Exempelgatan 1, 771 30 Borlänge •"),
    # an Arabic word in brackets: both halves mirrored (")" drawn on the left)
    ("المستوى (ج)",
     lambda: f"({shaped('ج')}) {shaped('المستوى')}"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_rtl_line_matches_hand_checked_order(text, expected):
    assert bidi.shown(text) == expected()


def test_isolate_leaves_unpaired_brackets_to_the_sentence():
    assert bidi.isolate("(محلة، Göteborg)") == \
        f"(محلة، {bidi.RLM}{bidi.LRE}Göteborg{bidi.PDF}{bidi.RLM})"


def test_wrapped_lines_keep_their_indent_and_numbers_whole():
    text = "    – المكتب على بعد 3,2 km من 424 65 Angered وهو مفتوح كل يوم من الاثنين إلى الجمعة"
    out = bidi.lines(text, 30)
    assert len(out) > 2 and all(len(line) == 30 for line in out)
    assert out[0].endswith("–    ")  # the dash, then the indent, on the right
    assert all(line.endswith("      ") for line in out[1:])  # under the text, not the dash
    joined = " ".join(out)
    assert "424 65" in joined and "3,2 km" in joined


def test_left_to_right_languages_unchanged():
    set_locale("sv")
    assert bidi.shown("424 65 Angered (Göteborg)") == "424 65 Angered (Göteborg)"


@pytest.mark.parametrize(("code", "unit"), [("ar", "كم"), ("fa", "کیلومتر"), ("uk", "км"),
                                          ("ti", "ኪሜ"), ("en", "km")])
def test_a_number_keeps_its_unit_as_each_catalog_writes_it(code, unit):
    """The Arabic list put "2.6" at a line's end and "كم)" on the next: the unit as the
    language's catalog writes "{number} km" is glued to its number."""
    from chooser.text.i18n import in_language

    text = f"الأفضل أداء في المتناول: Lönn-Sulic Mångfaldsmodeller AB (4 من 4, 2.6 {unit})"
    with in_language(code):
        check_units(text, unit)


def check_units(text: str, unit: str) -> None:
    for width in range(20, len(text) + 1):
        for line in bidi.lines(text, width):
            letters = unicodedata.normalize("NFKC", line)  # shaped forms → letters
            has_unit = unit in letters or unit[::-1] in letters  # in display order
            assert has_unit == ("2.6" in line), (width, line)
