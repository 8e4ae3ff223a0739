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

import gc
import marshal
import os

from chooser.geo.gazetteer import TABLES, Gazetteer, read_gazetteer
from chooser.storage.index import INDEX_FORMAT, fingerprint, stat_key

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
    path = os.path.join(directory, INDEX_NAME)
    if not os.path.exists(path):
        return None
    tables = _tables(directory)
    gc_was_on = gc.isenabled()
    gc.disable()  # 20,000 small tuples and no cycles: see storage/index.py
    try:
        with open(path, "rb") as fh:
            stored_key, stored_stat, state = marshal.loads(fh.read())
        if stored_stat == stat_key(directory, tables) or \
                stored_key == fingerprint(directory, tables):
            version, body = state
            if version == INDEX_FORMAT:
                return Gazetteer.from_state(body)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass  # a damaged or old index is only a missed shortcut
    finally:
        if gc_was_on:
            gc.enable()
    return None


def write_index(directory: str | None = None) -> str:
    """Build the gazetteer from the tables and write its index atomically."""
    directory = directory or geo_dir()
    tables = _tables(directory)
    gaz = read_gazetteer(directory)
    path = os.path.join(directory, INDEX_NAME)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        marshal.dump((fingerprint(directory, tables), stat_key(directory, tables),
                      (INDEX_FORMAT, gaz.to_state())), fh)
    os.replace(tmp, path)
    return path
