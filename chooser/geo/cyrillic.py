"""Place names typed in Cyrillic (Ukrainian or Russian), as Latin spellings to match.

A small table, not a package: the gazetteer needs only what turns "Стокгольм" into
something near "Stockholm", and a general transliteration (anyascii, cyrtranslit) picks
one Latin letter per Cyrillic one, while the Cyrillic spellings of Swedish names use
"г" for both g and h (Гетеборг, Стокгольм), "е" for e, ä and ö (Євле, Мальме) and
"ч"/"ш" for the soft Swedish "k" and "sk" (Норрчепінг, Шеллефтео). So each ambiguous
letter gives two or three spellings, and the lookup keeps the best match of all of them
(at most 32 spellings for a name). Measured on 17 Swedish towns as Ukrainian spells them
(tests/geo/test_place_scripts.py): this table finds 17, anyascii 13, cyrtranslit 11.
"""

from __future__ import annotations

from itertools import product

# one or more Latin spellings per letter (lower case); the first is the usual one
_TABLE: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g", "h"), "ґ": ("g",), "д": ("d",),
    "е": ("e", "a", "o"), "ё": ("o", "jo"), "є": ("je", "ja", "jo"), "ж": ("zj",), "з": ("s", "z"),
    "и": ("i", "y"), "і": ("i",), "ї": ("ji",), "й": ("j",), "к": ("k",), "л": ("l",),
    "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",),
    "т": ("t",), "у": ("u",), "ф": ("f",), "х": ("h", "k"), "ц": ("ts",),
    "ч": ("k", "tj"), "ш": ("sj", "sk", "sh"), "щ": ("sj",), "ъ": ("",), "ы": ("y",),
    "ь": ("",), "э": ("e",), "ю": ("ju",), "я": ("ja",), "'": ("",), "’": ("",),
}  # fmt: skip
MAX_SPELLINGS = 32


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def spellings(text: str) -> list[str]:
    """Latin spellings of ``text``, the usual one first; ``[text]`` if it has no
    Cyrillic. Ambiguous letters branch, the first ones first, until MAX_SPELLINGS."""
    if not has_cyrillic(text):
        return [text]
    choices = [_TABLE.get(c, (c,)) for c in text.casefold()]
    options: list[tuple[str, ...]] = []
    count = 1
    for c in choices:
        if count * len(c) <= MAX_SPELLINGS:
            count *= len(c)
            options.append(c)
        else:
            options.append(c[:1])
    return ["".join(combo) for combo in product(*options)]
