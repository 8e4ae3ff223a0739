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
from chooser.core.lazymap import LazyValues
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
INDEX_FORMAT = 12
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


# The file: MAGIC, the CRC-32 of the head and the head's length (4 bytes each), the head
# (marshal of the key, the stat key, the state and a table of the parts: offset, length
# and CRC-32 of each), then the parts. An index checks itself before anything is
# unmarshalled: one edited or damaged inside (a supplier renamed, three random bytes) was
# served as it was, or crashed with a KeyError. A part is checked when it is read, which
# is when its owner first needs it: `rank --place Ludvika` reads one of the gazetteer's
# 200 parts (2 kB) rather than all of its 800 kB.
MAGIC = b"CHX2"
_HEAD = 12  # MAGIC, CRC-32, length


class DamagedPart(ValueError):
    """A part of a keyed file is not what its head says (damage, or a file replaced by
    one of other content since the head was read)."""


def _seal(entry: tuple, parts: tuple[bytes, ...] = ()) -> bytes:
    table, offset = [], 0
    for part in parts:
        table.append((offset, len(part), zlib.crc32(part)))
        offset += len(part)
    head = marshal.dumps((*entry, tuple(table)))
    return (MAGIC + zlib.crc32(head).to_bytes(4, "big") + len(head).to_bytes(4, "big")
            + head + b"".join(parts))


def _head(start: bytes, head: bytes | memoryview) -> tuple[tuple, tuple] | None:
    """((key, stat key, state), parts table) from a keyed file's first bytes (MAGIC, CRC,
    length) and its head, or None when they are not an intact head of this format."""
    if len(start) < _HEAD or start[:4] != MAGIC:
        return None
    crc, size = int.from_bytes(start[4:8], "big"), int.from_bytes(start[8:12], "big")
    if len(head) != size or zlib.crc32(head) != crc:
        return None
    entry = marshal.loads(head)
    if not (isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[3], tuple)):
        return None
    return entry[:3], entry[3]


def _part_reader(path: str, table: tuple) -> Callable[[int], bytes]:
    """part(i): the i-th part of the keyed file ``path``, read and checked on first use.
    Parts are found from the end of the file: a refreshed head (new modification times)
    may differ in length, the parts after it do not."""
    total = sum(n for _o, n, _c in table)

    def part(i: int) -> bytes:
        offset, n, crc = table[i]
        with open(path, "rb") as fh:
            fh.seek(offset - total, os.SEEK_END)
            data = fh.read(n)
        if len(data) != n or zlib.crc32(data) != crc:
            raise DamagedPart(f"{path}: part {i} is damaged or was replaced")
        return data

    return part


def remade_on_damage(part: Callable[[int], bytes],
                     remake: Callable[[], tuple[bytes, ...]] | None) -> Callable[[int], bytes]:
    """``part``, but when a part is found damaged as it is read (after the head checked
    out), ``remake()`` makes every part again from the sources — the same sources give
    the same parts, so the answer is an intact index's, only slower — once. Without
    ``remake`` the damage is raised."""
    remade: list[tuple[bytes, ...]] = []

    def get(i: int) -> bytes:
        if not remade:
            try:
                return part(i)
            except (OSError, DamagedPart):
                if remake is None:
                    raise
                remade.append(remake())
        return remade[0][i]

    return get


def read_keyed(path: str, directory: str, files: list[str],
               build: Callable[[Any, Callable[[int], bytes]], T], *,
               refresh: bool = False) -> T | None:
    """The state kept in the keyed file ``path`` when it is fresh for ``files`` (in
    ``directory``); None when it is missing, stale or cannot be read. With ``refresh``,
    a file whose content matches but whose modification times changed (a fresh clone)
    records the new times. ``build(state, part)`` turns the state into objects, with the
    collector still off; ``part(i)`` reads the file's i-th part when it is needed (and
    raises :class:`DamagedPart` if it is not intact). A state ``build`` cannot read
    (another format, damage) raises ValueError, TypeError or KeyError and gives None.
    Both indexes — the dataset's and the gazetteer's — are such files."""
    if not files or not os.path.exists(path):
        return None
    # An index is ~20k small tuples; the cyclic GC would scan them several times over
    # while they are built (a third of the load time) and they hold no cycles.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            # one read of the head: marshal.load() on a file reads it in tiny pieces
            start = fh.read(_HEAD)
            size = int.from_bytes(start[8:12], "big") if len(start) == _HEAD else 0
            found = _head(start, fh.read(size))
        if found is None:
            return None
        (stored_key, stored_stat, state), table = found
        part = _part_reader(path, table)
        stat = stat_key(directory, files)
        if stored_stat == stat:
            return build(state, part)
        if stored_key == fingerprint(directory, files):
            built = build(state, part)
            if refresh:
                _refresh_stat(path, (stored_key, stat, state), table)
            return built
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass  # a damaged or old index is only a missed shortcut: the sources decide
    finally:
        if gc_was_on:
            gc.enable()
    return None


def write_keyed(path: str, directory: str, files: list[str], state: object,
                parts: tuple[bytes, ...] = ()) -> str:
    """Write a keyed file atomically (a reader never sees half a file); ``parts`` are
    kept after the head, each read only when asked for (see :func:`read_keyed`)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(_seal((fingerprint(directory, files), stat_key(directory, files), state),
                       parts))
    os.replace(tmp, path)
    return path


def read_index(directory: str, files: list[str],
               reparse: Callable[[], Dataset] | None = None) -> Dataset | None:
    """The dataset from ``directory``'s index when the index is fresh for ``files``;
    None when there is none, it is stale, or it cannot be read. ``reparse()`` gives the
    dataset from its sources; it stands in for the history part if that part is found
    damaged when it is first read (after the head checked out)."""

    def build(state: tuple, part: Callable[[int], bytes]) -> Dataset:
        remake = None if reparse is None else lambda: dataset_parts(reparse())
        return from_state(state, remade_on_damage(part, remake))

    # only in directories chooser manages (they carry its manifest): a read-only
    # install, or a directory of someone's own files, simply keeps checking
    return read_keyed(os.path.join(directory, INDEX_NAME), directory, files, build,
                      refresh=os.path.exists(os.path.join(directory, MANIFEST_NAME)))


def _refresh_stat(index_path: str, entry: tuple, table: tuple) -> None:
    """Same content, new modification times (a fresh clone, a copy): record the new times
    so the next command skips the checksums; where the index cannot be written (a
    read-only install) the next command simply checks again. The parts are copied as
    they are, each checked on the way."""
    tmp = f"{index_path}.{os.getpid()}.tmp"
    try:
        part = _part_reader(index_path, table)
        parts = tuple(part(i) for i in range(len(table)))
        with open(tmp, "wb") as fh:
            fh.write(_seal(entry, parts))
        os.replace(tmp, index_path)
    except (OSError, DamagedPart):
        try:  # noqa: SIM105 - contextlib would be one more import on every start-up
            os.unlink(tmp)
        except OSError:
            pass


def write_index(directory: str, files: list[str], dataset: Dataset,
                precomputed: Precomputed) -> str:
    """Write the index for ``directory`` atomically (a reader never sees half a file)."""
    state, parts = to_state(dataset, precomputed)
    return write_keyed(os.path.join(directory, INDEX_NAME), directory, files, state, parts)


# --- the dataset as plain tuples and dicts ---------------------------------------------

def dataset_parts(ds: Dataset) -> tuple[bytes, ...]:
    """The parts a dataset's index keeps after its head: part 0, every period's rows and
    every contract's grade history."""
    return (marshal.dumps(share_equal((
        {p: tuple(tuple(r) for r in rows) for p, rows in ds.results.items()},
        {ka: tuple(tuple(g) for g in gs) for ka, gs in ds.grade_history.items()},
    ), {})),)


def to_state(ds: Dataset, precomputed: Precomputed) -> tuple[tuple, tuple[bytes, ...]]:
    """Plain tuples and dicts for ``marshal``, and the parts kept after them: what every
    command needs in the state; the history (60 % of the bytes) its own part, read from
    the file only when it is asked for (`info` and `rank` never ask)."""
    history = 0  # the part's number
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
            # each contract's offices packed on their own: a command unpacks only those
            # it asks for (see chooser.core.lazymap)
            (bool(ds.offices), {ka: marshal.dumps(tuple(tuple(o) for o in os_))
                                for ka, os_ in ds.offices.items()}),
            ds.accepts_new,
            {ka: tuple(v) for ka, v in ds.status.items()},
            {ka: tuple(v) for ka, v in ds.satisfaction.items()},
            {ka: tuple(v) for ka, v in ds.profiles.items()},
        ),
        (precomputed.strengths, precomputed.office_areas, precomputed.consistency,
         precomputed.office_cells),
        history,
    ), {}), dataset_parts(ds)


def from_state(state: tuple, part: Callable[[int], bytes]) -> Dataset:
    """The dataset from its state; ``part(i)`` gives the i-th part (the history)."""
    if not state or state[0] != INDEX_FORMAT:
        raise ValueError(f"index format {state[:1]}, expected {INDEX_FORMAT}")
    (_v, periods, current, latest, previous, weights, catalog, sources, origin, area_map,
     extra, (strengths, office_areas, consistency, office_cells), history) = state
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
        results, grades = marshal.loads(part(history))
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
        Precomputed(strengths, office_areas, consistency, office_cells),
        (has_offices, lambda: LazyValues(
            offices, lambda packed: tuple([new(Office, o) for o in marshal.loads(packed)]))),
    )
