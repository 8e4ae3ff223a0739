"""The index of a dataset directory: the assembled dataset in ``marshal`` form.

Keyed by the names, sizes and checksums of the files it was built from, plus their sizes
and modification times: when those are unchanged the checksums are not recomputed (as
git trusts its stat cache); when they changed, as after a fresh clone, the checksums
decide. Reading it takes a few milliseconds where parsing the CSVs takes ~80, which is
what lets ``chooser info`` start about as fast as Python does. A stale or unreadable index
is only a missed shortcut: the caller parses the sources instead.

The index stores what its caller hands it — the dataset and its
:class:`~chooser.core.dataset.Precomputed` figures — and nothing else. Its layout has one
version number, :data:`INDEX_FORMAT`, here.
"""

from __future__ import annotations

import gc
import marshal
import os
import zlib

from chooser.core.dataset import Dataset, Precomputed
from chooser.core.errors import DataError
from chooser.core.model import (
    ContractStatus,
    GradePoint,
    Office,
    Profile,
    ResultRow,
    Satisfaction,
    SourceInfo,
    Supplements,
    Weights,
)
from chooser.core.sharing import share_equal

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable
    from typing import Any, TypeVar

    T = TypeVar("T")

INDEX_NAME = "chooser-index.marshal"
MANIFEST_NAME = "manifest.json"
INDEX_FORMAT = 11
"""The one version of the index's layout (the key and the dataset's state). Raise it
whenever either changes shape: an index of another version is ignored and rebuilt."""


_SOURCE_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json")


def source_files(directory: str) -> list[str]:
    """Paths of the files in ``directory`` that are (or claim to be) source files."""
    try:
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        raise DataError(directory, "the data directory does not exist") from None
    except NotADirectoryError:
        raise DataError(directory, "is a file, not a data directory",
                        hint="--data takes a directory holding AF's files") from None
    return [
        os.path.join(directory, n) for n in names
        if not n.startswith(".") and n.lower().endswith(_SOURCE_EXTENSIONS)
        and n != MANIFEST_NAME
        and os.path.isfile(os.path.join(directory, n))
    ]


def _keyed_files(directory: str, files: list[str]) -> list[str]:
    manifest = os.path.join(directory, MANIFEST_NAME)
    return [*files, manifest] if os.path.exists(manifest) else files


def stat_key(directory: str, files: list[str]) -> tuple:
    """Names, sizes and modification times: a cheap first check of the index (1 ms of
    reading and checksumming 1 MB saved on every command)."""
    parts = []
    for path in _keyed_files(directory, files):
        st = os.stat(path)
        parts.append((os.path.basename(path), st.st_size, st.st_mtime_ns))
    return (INDEX_FORMAT, tuple(parts))


def fingerprint(directory: str, files: list[str]) -> tuple:
    """Names, sizes and checksums of the sources and manifest: what the index is valid
    for."""
    parts = []
    for path in _keyed_files(directory, files):
        with open(path, "rb") as fh:
            data = fh.read()
        # Adler-32 rather than CRC-32: twice as fast, and it guards against edits, not
        # against an adversary (nobody gains from a stale index but a wrong answer)
        parts.append((os.path.basename(path), len(data), zlib.adler32(data)))
    return (INDEX_FORMAT, tuple(parts))


# The file: MAGIC, then the CRC-32 of the rest, then the marshal payload. An index checks
# itself before anything is unmarshalled: one edited or damaged inside (a supplier
# renamed, three random bytes) was served as it was, or crashed with a KeyError.
MAGIC = b"CHX1"


def _seal(entry: tuple) -> bytes:
    payload = marshal.dumps(entry)
    return MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


def _unseal(data: bytes) -> tuple | None:
    """The entry, or None when the file is not an intact keyed file of this format."""
    payload = memoryview(data)[8:]  # not a copy of the file's bytes
    if data[:4] != MAGIC or int.from_bytes(data[4:8], "big") != zlib.crc32(payload):
        return None
    entry = marshal.loads(payload)
    return entry if isinstance(entry, tuple) and len(entry) == 3 else None


def read_keyed(path: str, directory: str, files: list[str], build: Callable[[Any], T], *,
               refresh: bool = False) -> T | None:
    """The state kept in the keyed file ``path`` when it is fresh for ``files`` (in
    ``directory``); None when it is missing, stale or cannot be read. With ``refresh``,
    a file whose content matches but whose modification times changed (a fresh clone)
    records the new times. ``build`` turns the state into objects, with the collector
    still off; a state it cannot read (another format, damage) raises ValueError,
    TypeError or KeyError and gives None. Both indexes — the dataset's and the
    gazetteer's — are such files: ``(fingerprint, stat_key, state)`` in marshal form."""
    if not files or not os.path.exists(path):
        return None
    # An index is ~20k small tuples; the cyclic GC would scan them several times over
    # while they are built (a third of the load time) and they hold no cycles.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            # loads(read()): marshal.load() on a file reads it in tiny pieces, 8× slower
            entry = _unseal(fh.read())
        if entry is None:
            return None
        stored_key, stored_stat, state = entry
        stat = stat_key(directory, files)
        if stored_stat == stat:
            return build(state)
        if stored_key == fingerprint(directory, files):
            built = build(state)
            if refresh:
                _refresh_stat(directory, path, (stored_key, stat, state))
            return built
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass  # a damaged or old index is only a missed shortcut: the sources decide
    finally:
        if gc_was_on:
            gc.enable()
    return None


def write_keyed(path: str, directory: str, files: list[str], state: object) -> str:
    """Write a keyed file atomically (a reader never sees half a file)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(_seal((fingerprint(directory, files), stat_key(directory, files), state)))
    os.replace(tmp, path)
    return path


def read_index(directory: str, files: list[str]) -> Dataset | None:
    """The dataset from ``directory``'s index when the index is fresh for ``files``;
    None when there is none, it is stale, or it cannot be read."""
    return read_keyed(os.path.join(directory, INDEX_NAME), directory, files, from_state,
                      refresh=True)


def _refresh_stat(directory: str, index_path: str, entry: tuple) -> None:
    """Same content, new modification times (a fresh clone, a copy): record the new times
    so the next command skips the checksums. Only in directories chooser manages (they
    carry its manifest); a read-only install simply keeps checking."""
    if not os.path.exists(os.path.join(directory, MANIFEST_NAME)):
        return
    tmp = f"{index_path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(_seal(entry))
        os.replace(tmp, index_path)
    except OSError:
        try:  # noqa: SIM105 - contextlib would be one more import on every start-up
            os.unlink(tmp)
        except OSError:
            pass


def write_index(directory: str, files: list[str], dataset: Dataset,
                precomputed: Precomputed) -> str:
    """Write the index for ``directory`` atomically (a reader never sees half a file)."""
    return write_keyed(os.path.join(directory, INDEX_NAME), directory, files,
                       to_state(dataset, precomputed))


# --- the dataset as plain tuples and dicts ---------------------------------------------

def to_state(ds: Dataset, precomputed: Precomputed) -> tuple:
    """Plain tuples and dicts for ``marshal``: what is needed at once first, the history
    packed separately so that reading it can wait until it is asked for."""
    history = marshal.dumps(share_equal((
        {p: tuple(tuple(r) for r in rows) for p, rows in ds.results.items()},
        {ka: tuple(tuple(g) for g in gs) for ka, gs in ds.grade_history.items()},
    ), {}))
    return share_equal((
        INDEX_FORMAT,
        ds.periods,
        tuple(tuple(r) for r in ds.contracts),  # already in display order
        {ka: tuple(g) for ka, g in ds.latest_grades.items()},
        {ka: tuple(g) for ka, g in ds.previous_grades.items()},
        {p: tuple(w) for p, w in ds.weights.items()},
        {ka: tuple(v) for ka, v in ds.catalog.items()},
        tuple(tuple(s) for s in ds.sources),
        ds.origin,
        ds.area_map,
        (  # marshal takes plain tuples only, not named ones
            (bool(ds.offices), marshal.dumps(share_equal(
                {ka: tuple(tuple(o) for o in os_) for ka, os_ in ds.offices.items()}, {}))),
            ds.accepts_new,
            {ka: tuple(v) for ka, v in ds.status.items()},
            {ka: tuple(v) for ka, v in ds.satisfaction.items()},
            {ka: tuple(v) for ka, v in ds.profiles.items()},
        ),
        (precomputed.strengths, precomputed.office_areas, precomputed.consistency),
        history,
    ), {})


def from_state(state: tuple) -> Dataset:
    if not state or state[0] != INDEX_FORMAT:
        raise ValueError(f"index format {state[:1]}, expected {INDEX_FORMAT}")
    (_v, periods, current, latest, previous, weights, catalog, sources, origin, area_map,
     extra, (strengths, office_areas, consistency), history) = state
    new = tuple.__new__  # skips _make's length check: to_state wrote these
    (has_offices, offices), accepts_new, status, satisfaction, profiles = extra
    supplements = Supplements(
        {},  # unpacked on first use (below): `info` and `rank --area` never ask
        accepts_new,
        {ka: new(ContractStatus, v) for ka, v in status.items()},
        {ka: new(Satisfaction, v) for ka, v in satisfaction.items()},
        {ka: new(Profile, v) for ka, v in profiles.items()},
    )

    def unpack_history() -> tuple[dict, dict]:
        results, grades = marshal.loads(history)
        return ({p: tuple([new(ResultRow, r) for r in rows]) for p, rows in results.items()},
                {ka: tuple([new(GradePoint, g) for g in gs]) for ka, gs in grades.items()})

    return Dataset.restore(
        periods,
        tuple([new(ResultRow, r) for r in current]),
        {ka: new(GradePoint, g) for ka, g in latest.items()},
        {ka: new(GradePoint, g) for ka, g in previous.items()},
        {p: Weights._make(w) for p, w in weights.items()},
        catalog,
        tuple(map(SourceInfo._make, sources)),
        origin,
        area_map,
        supplements,
        unpack_history,
        Precomputed(strengths, office_areas, consistency),
        (has_offices, lambda: {ka: tuple([new(Office, o) for o in os_])
                               for ka, os_ in marshal.loads(offices).items()}),
    )
