"""JSON with limits: every JSON chooser reads (AF's pages, offices files, manifests, the
HTTP cache's index) goes through :func:`loads`.

Python's decoder has none of its own that matter here: 100,000 nested brackets raise
RecursionError, a 5,000-digit integer raises ValueError (the int-to-str limit), NaN and
Infinity are accepted although JSON has neither, and 1e999 becomes infinity. Each of those
is a :class:`JsonLimit` here, which callers turn into their own one-paragraph error.

The limits are far above anything real: AF's pages nest 5 deep, its ids have 8 digits.
"""

from __future__ import annotations

import json
import math

MAX_DEPTH = 32
MAX_DIGITS = 20  # a 64-bit integer; AF's KA numbers and address ids have 6–8 digits
MAX_BYTES = 100_000_000  # callers pass smaller limits where they know better


class JsonLimit(ValueError):
    """The text is not JSON, or is JSON beyond the limits; ``str()`` says which, ``line``
    where (for text that is not JSON)."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.line = line


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JsonLimit(f"a number with {len(text.lstrip('-'))} digits (at most "
                        f"{MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise JsonLimit(f"the number {text[:24]} is too large")
    return x


def _constant(name: str) -> float:
    raise JsonLimit(f"{name} is not a JSON number")


def _too_deep(obj: object) -> bool:
    stack = [(obj, 1)]
    while stack:
        o, depth = stack.pop()
        items = o.values() if isinstance(o, dict) else o
        if depth > MAX_DEPTH:
            return True
        stack.extend((x, depth + 1) for x in items if isinstance(x, dict | list))
    return False


def loads(data: bytes | str, *, limit: int = MAX_BYTES) -> object:
    """Decoded JSON, or JsonLimit (also for text that is not JSON or not UTF-8)."""
    if len(data) > limit:
        raise JsonLimit(f"{len(data):,} bytes, more than the {limit:,} any real one needs")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonLimit(f"not UTF-8 text (byte {exc.start})") from None
    try:
        obj = json.loads(data, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise JsonLimit(f"nested more than {MAX_DEPTH} deep") from None
    except json.JSONDecodeError as exc:
        raise JsonLimit(f"not valid JSON ({exc.msg} at line {exc.lineno}, column "
                        f"{exc.colno}; cut short?)", exc.lineno) from None
    if isinstance(obj, dict | list) and _too_deep(obj):
        raise JsonLimit(f"nested more than {MAX_DEPTH} deep")
    return obj

