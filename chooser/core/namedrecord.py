"""``record``: a light stand-in for :func:`collections.namedtuple`.

Why not namedtuple itself: it compiles a fresh ``__new__`` from source for every class,
about 0.1 ms each, and chooser defines some twenty of them on the path of every command.
That was a tenth of ``chooser rank --json``'s start-up budget (3 × ``python -c pass``).
``record`` builds the same kind of class — an immutable tuple subclass with named,
C-speed field access — from shared, pre-compiled parts in a fifth of the time.

It keeps the namedtuple API that chooser uses: positional and keyword construction,
defaults, ``_fields``, ``_field_defaults``, ``_make``, ``_replace``, ``_asdict``, a
readable ``repr``, pickling, and pattern matching by position.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings here
    from collections.abc import Iterable
    from typing import Any

try:  # the C descriptor namedtuple itself uses; faster than property(itemgetter)
    from _collections import _tuplegetter  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Python implementations
    from operator import itemgetter

    def _tuplegetter(index: int, doc: str) -> Any:  # type: ignore[misc]
        return property(itemgetter(index), doc=doc)

_tuple_new = tuple.__new__


def _make(cls: type, iterable: Iterable[Any]) -> Any:
    row = _tuple_new(cls, iterable)
    if len(row) != len(cls._fields):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__} expects {len(cls._fields)} fields, "  # type: ignore[attr-defined]
                        f"got {len(row)}")
    return row


def _replace(self: Any, **changes: Any) -> Any:
    row = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise TypeError(f"{type(self).__name__} has no field(s) {sorted(changes)}")
    return row


def _asdict(self: Any) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{f}={v!r}" for f, v in zip(self._fields, self, strict=True))
    return f"{type(self).__name__}({inner})"


def _getnewargs(self: Any) -> tuple[Any, ...]:
    return tuple(self)


def _new_factory(fields: tuple[str, ...], defaults: dict[str, Any]) -> Any:
    n = len(fields)

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and len(args) == n:  # the common case, kept fast
            return _tuple_new(cls, args)
        if len(args) > n:
            raise TypeError(f"{cls.__name__} takes at most {n} fields, got {len(args)}")
        values = list(args)
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in defaults:
                values.append(defaults[name])
            else:
                raise TypeError(f"{cls.__name__} is missing field {name!r}")
        if kwargs:
            raise TypeError(f"{cls.__name__} got unknown or repeated field(s) {sorted(kwargs)}")
        return _tuple_new(cls, values)

    return __new__


def record(name: str, fields: str | Iterable[str], *, defaults: Iterable[Any] = (),
           module: str | None = None) -> Any:
    """A tuple subclass called ``name`` with the given fields (a space-separated string or
    an iterable). ``defaults`` apply to the rightmost fields, as in namedtuple."""
    names = tuple(fields.split() if isinstance(fields, str) else fields)
    if len(set(names)) != len(names) or any(not f.isidentifier() or f.startswith("_")
                                            for f in names):
        raise ValueError(f"bad field names for {name}: {names}")
    default_values = tuple(defaults)
    if len(default_values) > len(names):
        raise ValueError(f"{name}: more defaults than fields")
    defaulted = names[len(names) - len(default_values):]
    field_defaults = dict(zip(defaulted, default_values, strict=True))
    ns: dict[str, Any] = {
        "__slots__": (),
        "__doc__": f"{name}({', '.join(names)})",
        "__match_args__": names,
        "_fields": names,
        "_field_defaults": field_defaults,
        "__new__": _new_factory(names, field_defaults),
        "_make": classmethod(_make),
        "_replace": _replace,
        "_asdict": _asdict,
        "__repr__": _repr,
        "__getnewargs__": _getnewargs,
    }
    for i, f in enumerate(names):
        ns[f] = _tuplegetter(i, f"field {i}: {f}")
    # The caller's module, as namedtuple does, so pickle and repr find the class.
    ns["__module__"] = module or sys._getframe(1).f_globals.get("__name__", "__main__")
    return type(name, (tuple,), ns)
