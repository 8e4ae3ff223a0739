"""Load a dataset directory: every source file in it, or its index when that is fresh.

A dataset directory holds AF's files in any accepted format (the embedded snapshot, an
updated dataset, or a folder given with ``--data DIR``), optionally a ``manifest.json``
saying where each file came from, and optionally an index written by chooser.

The index is the assembled dataset in ``marshal`` form, keyed by the names, sizes and
checksums of the files it was built from, plus their sizes and modification times: when
those are unchanged the checksums are not recomputed (as git trusts its stat cache);
when they changed, as after a fresh clone, the checksums decide. Reading it takes a few
milliseconds where parsing the CSVs takes ~80, which is what lets ``chooser info`` start
about as fast as Python does. A stale or unreadable index is ignored and the sources are
parsed; chooser writes an index only into directories it manages (the snapshot build and
updates), never into a folder a user pointed it at.
"""

from __future__ import annotations

import gc
import marshal
import os
import zlib

from chooser.dataset import Dataset
from chooser.errors import DataError

INDEX_NAME = "chooser-index.marshal"
MANIFEST_NAME = "manifest.json"
INDEX_FORMAT = 3
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


def sha256_file(path: str) -> str:
    """The hex SHA-256 that manifests record for each file."""
    import hashlib

    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def read_manifest(directory: str) -> dict:
    path = os.path.join(directory, MANIFEST_NAME)
    if not os.path.exists(path):
        return {}
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataError(path, f"the manifest is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise DataError(path, "the manifest must be a JSON object")
    return manifest


def parse_directory(directory: str, files: list[str] | None = None) -> Dataset:
    """Read and check every source file, then assemble. Raises DataError; builds nothing
    partial, so a caller holding a previous dataset still has it."""
    from chooser.dataset import assemble
    from chooser.sources.detect import read_source

    files = source_files(directory) if files is None else files
    if not files:
        raise DataError(directory, "holds no data files (AF's results, grade or weights "
                                   "files as .xlsx or .csv)")
    contents = [read_source(f) for f in files]
    if not any(c.results for c in contents):
        raise DataError(directory, "holds no results table (AF's \"Resultat\" sheet or CSV), "
                                   "so there are no contracts to show")
    manifest = read_manifest(directory)
    described = manifest.get("files", {})
    origins = {name: (d.get("origin"), d.get("fetched_at")) for name, d in described.items()
               if isinstance(d, dict)}
    return assemble(contents, origins=origins, origin=str(manifest.get("kind", "directory")))


def default_directory() -> str:
    """The dataset used when no --data is given: ``$CHOOSER_DATA`` when set (a folder or
    a store), else the current dataset of the user's store once ``chooser update`` has
    built one, else the embedded snapshot."""
    from chooser import store

    if env := os.environ.get("CHOOSER_DATA"):
        return env
    from chooser.locations import user_data_dir

    found = store.current(user_data_dir())
    if found is not None:
        return found
    from chooser.paths import snapshot_dir

    return snapshot_dir()


def load_directory(directory: str) -> Dataset:
    """The dataset in ``directory`` (or in a store's current dataset), from its index when
    the index is fresh."""
    from chooser import store

    directory = store.resolve(directory)
    ds = _load(directory)
    ds.directory = directory
    return ds


def _load(directory: str) -> Dataset:
    files = source_files(directory)
    index_path = os.path.join(directory, INDEX_NAME)
    if files and os.path.exists(index_path):
        # The index is ~20k small tuples; the cyclic GC would scan them several times over
        # while they are built (a third of the load time) and they hold no cycles.
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            with open(index_path, "rb") as fh:
                # loads(read()): marshal.load() on a file reads it in tiny pieces, 8× slower
                stored_key, stored_stat, state = marshal.loads(fh.read())
            stat = stat_key(directory, files)
            if stored_stat == stat:
                return Dataset.from_state(state)
            if stored_key == fingerprint(directory, files):
                _refresh_stat(directory, index_path, (stored_key, stat, state))
                return Dataset.from_state(state)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # a damaged or old index is only a missed shortcut
        finally:
            if gc_was_on:
                gc.enable()
    return parse_directory(directory, files)


def _refresh_stat(directory: str, index_path: str, entry: tuple) -> None:
    """Same content, new modification times (a fresh clone, a copy): record the new times
    so the next command skips the checksums. Only in directories chooser manages (they
    carry its manifest); a read-only install simply keeps checking."""
    if not os.path.exists(os.path.join(directory, MANIFEST_NAME)):
        return
    tmp = f"{index_path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            marshal.dump(entry, fh)
        os.replace(tmp, index_path)
    except OSError:
        try:  # noqa: SIM105 - contextlib would be one more import on every start-up
            os.unlink(tmp)
        except OSError:
            pass


def write_index(directory: str, dataset: Dataset, gazetteer=None) -> str:
    """Write the index for ``directory`` atomically (a reader never sees half a file)."""
    from chooser.ranking import precompute

    files = source_files(directory)
    path = os.path.join(directory, INDEX_NAME)
    tmp = path + ".tmp"
    dataset.derived = precompute(dataset)
    if dataset.offices:
        from chooser.geo import load_gazetteer
        from chooser.geo_offices import office_areas

        dataset.derived["office_areas"] = office_areas(gazetteer or load_gazetteer(), dataset)
    with open(tmp, "wb") as fh:
        marshal.dump((fingerprint(directory, files), stat_key(directory, files),
                      dataset.to_state()), fh)
    os.replace(tmp, path)
    return path
