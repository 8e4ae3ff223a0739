"""The gazetteer chooser ships, from its prebuilt index when that is fresh.

Building the gazetteer from ``data/geo``'s CSVs takes ~60 ms (reading 18,000 rows and
folding 20,000 names for the fuzzy index) — most of what ``chooser rank --place`` would
spend. ``gazetteer-index.marshal`` beside the tables keeps the built gazetteer, keyed like
the dataset index (the tables' names and sizes with their modification times, else their
checksums), so a command reads it in a few milliseconds. A stale or unreadable index is
only a missed shortcut: the tables are read instead. ``python -m chooser.build.geo``
(or ``--reindex``) writes it; ``tests/storage/test_geodata.py`` checks that the committed
one is fresh.
"""

from __future__ import annotations

import os

from chooser.geo.gazetteer import TABLES, Gazetteer, read_gazetteer
from chooser.storage.index import INDEX_FORMAT, read_keyed, remade_on_damage, write_keyed

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from chooser.geo.offices import OfficePlaces

INDEX_NAME = "gazetteer-index.marshal"


def geo_dir() -> str:
    from chooser.storage.paths import data_dir

    return os.path.join(data_dir(), "geo")


def _tables(directory: str) -> list[str]:
    return [os.path.join(directory, name) for name in TABLES]


def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """The gazetteer of ``directory`` (``data/geo`` unless told otherwise)."""
    directory = directory or geo_dir()
    indexed = read_index(directory)
    return indexed if indexed is not None else read_gazetteer(directory)


def read_index(directory: str) -> Gazetteer | None:
    """The gazetteer from the index when it is fresh for the tables, else None."""
    # refreshed: the tables are chooser's own, and a fresh clone or install gives them
    # new modification times that would otherwise cost every command their checksums
    return read_keyed(os.path.join(directory, INDEX_NAME), directory, _tables(directory),
                      _from_state(directory), refresh=True)


def _from_state(directory: str) -> Callable[[tuple, Callable[[int], bytes]], Gazetteer]:
    def build(state: tuple, part: Callable[[int], bytes]) -> Gazetteer:
        version, body = state
        if version != INDEX_FORMAT:
            raise ValueError(f"gazetteer index format {version}, expected {INDEX_FORMAT}")
        return Gazetteer.from_state(body, remade_on_damage(part, remake))

    def remake() -> tuple[bytes, ...]:  # a damaged part: every part again, from the tables
        return read_gazetteer(directory).to_state()[1]

    return build


def write_index(directory: str | None = None) -> str:
    """Build the gazetteer from the tables and write its index atomically."""
    directory = directory or geo_dir()
    state, parts = read_gazetteer(directory).to_state()
    return write_keyed(os.path.join(directory, INDEX_NAME), directory, _tables(directory),
                       (INDEX_FORMAT, state), parts)


def load_places(gazetteer: Gazetteer | None = None,
                directory: str | None = None) -> OfficePlaces:
    """Where each office is (``data/geo/kontor.csv``); an office it does not know goes to
    the nearest place of ``gazetteer`` (loaded only if an office needs it)."""
    from chooser.geo.offices import read_places  # not on the path of `rank --place`

    directory = directory or geo_dir()
    if gazetteer is not None:
        return read_places(directory, lambda: gazetteer)
    return read_places(directory, lambda: load_gazetteer(directory))
