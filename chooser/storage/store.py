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


MAX_NAME = 200  # a dataset name is a timestamp, a pid and maybe "-2"


class UpdateBusy(ChooserError):
    exit_code = 75  # EX_TEMPFAIL: try again later


class StoreError(ChooserError):
    """The store cannot be used at all (not writable, under a file, in /proc …)."""


def is_store(path: str) -> bool:
    """A folder with a ``current`` entry: a file, or something broken in its place (a
    directory, a dangling link) that must be reported rather than read as AF's files."""
    return os.path.lexists(os.path.join(path, POINTER))


def _pointer(root: str) -> str | None:
    """The name ``current`` holds, or None when it holds no usable name: not there,
    a directory, bytes that are not UTF-8, a path, a name far too long."""
    try:
        with open(os.path.join(root, POINTER), "rb") as fh:
            raw = fh.read(MAX_NAME + 2)
        name = raw.decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    # a pointer must name a dataset inside the store, not climb out of it
    if (not name or len(name) > MAX_NAME or not name.isprintable() or os.sep in name
            or "/" in name or name.startswith(".")):
        return None
    return name


def current(root: str) -> str | None:
    """The current dataset's directory, or None when the store has none (yet), or its
    pointer is broken (:func:`resolve` says which)."""
    name = _pointer(root)
    if name is None:
        return None
    path = os.path.join(root, DATASETS, name)
    return path if os.path.isdir(path) else None


def broken_pointer(root: str) -> DataError | None:
    """The error for a store whose ``current`` exists but names no dataset; None when it
    is fine or absent."""
    if not is_store(root) or current(root) is not None:
        return None
    path = os.path.join(root, POINTER)
    name = _pointer(root)
    what = (f'names "{name}", which is not a dataset in this store' if name else
            "is a directory" if os.path.isdir(path) else
            "does not hold a dataset's name (it is damaged)")
    return DataError(path, f"the store's pointer to its current dataset {what}",
                     hint=f"run `chooser update --store {root}` to repair it, or point "
                          "--data at a folder of AF's files")


def resolve(path: str) -> str:
    """A dataset directory for ``path``: itself, or the current dataset if it is a store."""
    if not is_store(path):
        return path
    found = current(path)
    if found is None:
        raise broken_pointer(path) or DataError(path, "names no dataset")
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
    """Move a checked partial dataset into place and make it current. A ``current`` that
    is a directory (nothing chooser writes) is moved aside as ``current.broken-*``, so
    the store works again and nothing in it is deleted."""
    final = os.path.join(root, DATASETS, name)
    pointer = os.path.join(root, POINTER)
    if os.path.isdir(pointer) and not os.path.islink(pointer):
        os.replace(pointer, f"{pointer}.broken-{name}")
    os.replace(partial, final)
    try:
        _write_atomically(pointer, name + "\n")
    except BaseException:
        os.replace(final, partial)  # not current, so not complete: the caller removes it
        raise
    return final


def _write_atomically(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:  # noqa: SIM105 - a full disk: leave no temporary file behind
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
        root = os.path.dirname(self.path)
        try:
            os.makedirs(root, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise StoreError(unusable(root, exc)) from None
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


def unusable(root: str, exc: BaseException) -> str:
    """One sentence for a store that cannot be written, from the OS error."""
    import errno

    why = {errno.ENOSPC: "the disk is full", errno.EFBIG: "a file-size limit was reached",
           errno.EDQUOT: "the disk quota is used up", errno.EROFS: "it is on a read-only "
           "file system", errno.EACCES: "it is not writable by this user", errno.EPERM:
           "it is not writable by this user", errno.ENOTDIR: "part of its path is a file, "
           "not a folder", errno.ENOENT: "part of its path does not exist"}.get(
        getattr(exc, "errno", None)) or (getattr(exc, "strerror", None) or str(exc))
    return (f"{root}: the dataset store cannot be written ({why}); nothing was changed. "
            "Choose another with --store or [update] store in the configuration.")


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
