"""Equal strings and tuples made one object each, for the indexes written with marshal.
Pure."""

from __future__ import annotations

# `typing` costs a tenth of the start-up budget; type checkers honour this constant too
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any


def share_equal(obj: Any, memo: dict) -> Any:
    """The same structure with equal strings and tuples made one object each, so that
    marshal writes a reference instead of a copy (area and supplier names, periods and
    level tuples repeat on every row): a smaller index that loads faster."""
    if isinstance(obj, tuple):
        obj = tuple(share_equal(x, memo) for x in obj)
    elif isinstance(obj, dict):
        return {share_equal(k, memo): share_equal(v, memo) for k, v in obj.items()}
    elif not isinstance(obj, str):
        return obj
    try:
        return memo.setdefault(obj, obj)
    except TypeError:  # a tuple holding a dict is not hashable: keep it as it is
        return obj
