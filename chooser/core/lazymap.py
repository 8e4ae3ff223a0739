"""``LazyValues``: a read-only mapping whose values are made from raw ones on first use.

Why: a dataset read from its index knows every contract's offices, but a command asks for
a handful of them (``rank --place`` one area's and those nearby). Making all 1,700 office
records at once cost ``chooser rank --place`` ~2 ms of its start-up budget; this makes
only the ones asked for, and behaves as the dict it stands for everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Iterator
    from typing import Any


class LazyValues(Mapping):
    """``raw``: key → raw value; ``make`` turns a raw value into the value (once)."""

    __slots__ = ("_made", "_make", "_raw")

    def __init__(self, raw: dict[str, Any], make: Callable[[Any], Any]) -> None:
        self._raw = raw
        self._make = make
        self._made: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        made = self._made
        if key in made:
            return made[key]
        value = made[key] = self._make(self._raw[key])  # KeyError as a dict's
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"LazyValues({len(self._raw)} keys, {len(self._made)} made)"
