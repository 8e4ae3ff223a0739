"""The dataset store: where ``chooser update`` keeps the datasets it builds.

    <store>/current              the name of the current dataset (one line)
    <store>/datasets/<name>/     complete datasets: files, manifest.json, index
    <store>/datasets/.partial-*  a dataset being built (never read)
    <store>/http-cache/          AF's last answers and their ETag / Last-Modified
    <store>/update.lock          held by the one update allowed at a time

A dataset is built completely in a partial directory, checked, renamed into place, and
only then does ``current`` switch, by replacing the pointer file in one rename. A reader
therefore sees the old dataset or the new one, never a mix; a crash or a kill at any
moment leaves the old one current. The previous few datasets are kept so a bad one can
be rolled back by hand (``current`` is a plain text file).

Any directory with a ``current`` file is a store, so ``--data`` (or ``CHOOSER_DATA``) can
point at one shared folder that staff update and many kiosks read.
"""

from __future__ import annotations

import os
import time

from chooser.core.errors import ChooserError, DataError

POINTER = "current"
DATASETS = "datasets"
PARTIAL_PREFIX = ".partial-"
KEEP = 3


class UpdateBusy(ChooserError):
    exit_code = 75  # EX_TEMPFAIL: try again later


def is_store(path: str) -> bool:
    return os.path.isfile(os.path.join(path, POINTER))


def current(root: str) -> str | None:
    """The current dataset's directory, or None when the store has none (yet)."""
    try:
        with open(os.path.join(root, POINTER), encoding="utf-8") as fh:
            name = fh.read().strip()
    except OSError:
        return None
    path = os.path.join(root, DATASETS, name)
    # a pointer must name a dataset inside the store, not climb out of it
    if not name or os.sep in name or name.startswith(".") or not os.path.isdir(path):
        return None
    return path


def resolve(path: str) -> str:
    """A dataset directory for ``path``: itself, or the current dataset if it is a store."""
    if not is_store(path):
        return path
    found = current(path)
    if found is None:
        raise DataError(os.path.join(path, POINTER), "names no dataset in this store",
                        hint=f"run `chooser update --store {path}`, or point --data at a "
                             "folder of AF's files")
    return found


def new_name(root: str, now: float | None = None) -> str:
    """A dataset name that sorts by time and is not taken: two updates within one second
    (a script, a test) get "-2", "-3"… The store's lock makes the check safe."""
    stamp = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now))}-{os.getpid()}"
    base = os.path.join(root, DATASETS)
    name, n = stamp, 1
    while any(os.path.exists(os.path.join(base, p + name)) for p in ("", PARTIAL_PREFIX)):
        n += 1
        name = f"{stamp}-{n}"
    return name


def make_partial(root: str) -> str:
    base = os.path.join(root, DATASETS)
    os.makedirs(base, exist_ok=True)
    path = os.path.join(base, f"{PARTIAL_PREFIX}{new_name(root)}")
    os.makedirs(path)
    return path


def install(root: str, partial: str, name: str) -> str:
    """Move a checked partial dataset into place and make it current."""
    final = os.path.join(root, DATASETS, name)
    os.replace(partial, final)
    _write_atomically(os.path.join(root, POINTER), name + "\n")
    return final


def _write_atomically(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def datasets(root: str) -> list[str]:
    """Complete datasets, oldest first (names start with a UTC timestamp)."""
    base = os.path.join(root, DATASETS)
    try:
        names = os.listdir(base)
    except OSError:
        return []
    return sorted(n for n in names if not n.startswith(".")
                  and os.path.isdir(os.path.join(base, n)))


def prune(root: str, keep: int = KEEP) -> list[str]:
    """Remove all but the newest ``keep`` datasets; never the current one."""
    import shutil  # not at the top: every command reads the store, few write it

    cur = current(root)
    names = datasets(root)
    gone = []
    for n in names[:-keep] if keep > 0 else names:
        path = os.path.join(root, DATASETS, n)
        if cur is not None and os.path.samefile(path, cur):
            continue
        shutil.rmtree(path, ignore_errors=True)
        gone.append(n)
    return gone


def clean_partials(root: str) -> int:
    """Remove what killed or failed updates left behind. Called with the lock held, so
    no partial can belong to a running update."""
    import shutil

    base = os.path.join(root, DATASETS)
    n = 0
    for name in os.listdir(base) if os.path.isdir(base) else ():
        if name.startswith(PARTIAL_PREFIX):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)
            n += 1
    return n


class Lock:
    """One update at a time per store. An OS lock (flock), so a killed update releases
    it at once and no stale lock file ever blocks the next one."""

    def __init__(self, root: str) -> None:
        self.path = os.path.join(root, "update.lock")
        self.fh = None

    def __enter__(self) -> Lock:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            _lock_file(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise UpdateBusy(f"{self.path}: another update of this store is running "
                             f"({holder}); nothing was changed. Try again when it has "
                             "finished.") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        self.fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.seek(0)
            self.fh.truncate()
            _unlock_file(self.fh)
            self.fh.close()
            self.fh = None


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(fh) -> None:  # locks the first byte; the holder's note comes after
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_file(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    def _lock_file(fh) -> None:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(fh) -> None:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
