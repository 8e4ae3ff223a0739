"""Load a dataset directory: every source file in it, or its index when that is fresh.

A dataset directory holds AF's files in any accepted format (the embedded snapshot, an
updated dataset, or a folder given with ``--data DIR``), optionally a ``manifest.json``
saying where each file came from, and optionally an index (``chooser.storage.index``).
chooser writes an index only into directories it manages (the snapshot build and
updates, through ``chooser.storage.prepare``), never into a folder a user pointed it at.
"""

from __future__ import annotations

import os

from chooser.core.dataset import Dataset
from chooser.core.errors import DataError
from chooser.storage.index import INDEX_NAME, MANIFEST_NAME, read_index, source_files

__all__ = ["INDEX_NAME", "MANIFEST_NAME", "default_directory", "load_directory",
           "parse_directory", "read_manifest", "sha256_file", "source_files"]

def sha256_file(path: str) -> str:
    """The hex SHA-256 that manifests record for each file."""
    import hashlib

    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


MANIFEST_LIMIT = 1_000_000  # bytes; chooser's own are under 5 kB


def read_manifest(directory: str) -> dict:
    """The manifest, checked against the shape chooser writes: an object whose ``kind``
    is a string and whose ``files`` map names to objects with string fields."""
    path = os.path.join(directory, MANIFEST_NAME)
    if not os.path.exists(path):
        return {}
    from chooser.core.boundedjson import JsonLimit, loads

    try:
        with open(path, "rb") as fh:
            manifest = loads(fh.read(MANIFEST_LIMIT + 1), limit=MANIFEST_LIMIT)
    except OSError as exc:
        raise DataError(path, f"the manifest cannot be read ({exc.strerror})") from None
    except JsonLimit as exc:
        raise DataError(path, f"the manifest cannot be used: {exc}") from None
    if not isinstance(manifest, dict):
        raise DataError(path, "the manifest must be a JSON object")
    if not isinstance(manifest.get("kind", ""), str):
        raise DataError(path, 'the manifest\'s "kind" must be a string')
    files = manifest.get("files", {})
    if not isinstance(files, dict) or not all(
            isinstance(d, dict) and all(isinstance(d.get(k), str | None)
                                        for k in ("origin", "fetched_at", "sha256"))
            for d in files.values()):
        raise DataError(path, 'the manifest\'s "files" must map each file name to an object '
                              'with "origin", "fetched_at" and "sha256" as strings',
                        hint="it is chooser's own record; rebuild the dataset with "
                             "`chooser update`")
    return manifest


def parse_directory(directory: str, files: list[str] | None = None) -> Dataset:
    """Read and check every source file, then assemble. Raises DataError; builds nothing
    partial, so a caller holding a previous dataset still has it."""
    from chooser.sources.assemble import assemble
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
    from chooser.storage import store

    if env := os.environ.get("CHOOSER_DATA"):
        return env
    from chooser.storage.userdirs import user_data_dir

    root = user_data_dir()
    found = store.current(root)
    if found is not None:
        return found
    broken = store.broken_pointer(root)
    if broken is not None:  # the user's updates would be silently replaced by older data
        raise broken
    from chooser.storage.paths import snapshot_dir

    return snapshot_dir()


def load_directory(directory: str) -> Dataset:
    """The dataset in ``directory`` (or in a store's current dataset), from its index when
    the index is fresh."""
    from chooser.storage import store

    directory = store.resolve(directory)
    ds = _load(directory)
    ds.directory = directory
    return ds


def _load(directory: str) -> Dataset:
    files = source_files(directory)
    indexed = read_index(directory, files, lambda: parse_directory(directory, files))
    if indexed is not None:
        return indexed
    ds = parse_directory(directory, files)
    if os.path.exists(os.path.join(directory, INDEX_NAME)) and os.path.exists(
            os.path.join(directory, MANIFEST_NAME)):
        # a stale or damaged index in a directory chooser manages: rebuilt from the
        # sources just read, so the next command is fast again (never served as it was)
        import contextlib

        from chooser.storage.prepare import index_directory

        # a read-only install: every command parses until the index is rebuilt
        with contextlib.suppress(OSError):
            index_directory(directory, ds)
    return ds
