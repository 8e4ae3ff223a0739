"""``chooser update``: build a new dataset from AF's sources and switch to it atomically.

1. Take the store's lock (one update at a time) and clear what a killed update left.
2. Fetch every page of AF's supplier search (offices), one request at a time.
3. Take the results, grade and other files: downloaded from the configured URLs, copied
   from ``--from DIR``, or (when neither is given) carried over from the current dataset,
   so an office refresh never needs AF's xlsx files at hand.
4. Read the new dataset with the same readers as everything else and check it: it must
   rank someone, and must not have lost most contracts or offices since the last one.
5. Write its manifest (where each file came from, when) and index, move it into place,
   switch ``current``, keep the last few.

Any failure before step 5 leaves the store as it was: the partial directory is removed
(or, after a kill, removed by the next update) and ``current`` still names the last good
dataset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable

from chooser.core.errors import ChooserError, DataError
from chooser.storage import store
from chooser.storage.load import (
    MANIFEST_NAME,
    load_directory,
    parse_directory,
    read_manifest,
    sha256_file,
    source_files,
)
from chooser.storage.prepare import index_directory
from chooser.update.afsearch import AF_BASE_URL, OFFICE_PATH, fetch_office_pages
from chooser.update.fetch import Fetcher, HttpCache

DEFAULT_TIMEOUT = 20.0
DEFAULT_PAUSE = 1.0
DEFAULT_DEADLINE = 300.0  # seconds for a whole update; AF's ~55 pages take about a minute
FILE_LIMIT = 100_000_000  # AF's largest xlsx is a few MB
SHRINK_LIMIT = 0.5  # a new dataset with under half the contracts (or offices) is suspect
OFFICES_FILE = "kontor.json"


class UpdateError(ChooserError):
    exit_code = 3


class UpdateResult:
    def __init__(self, **kw: object) -> None:
        self.__dict__.update(kw)

    name: str | None
    path: str
    unchanged: bool
    pages: int
    entries: int
    offices: int
    contracts: int
    requests: int
    from_cache: int
    paused: float
    seconds: float
    removed: list[str]
    geography: dict | None
    office_changes: dict[str, int] | None
    offices_as_of: str | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def _file_name(url: str, body: bytes, taken: set[str]) -> str:
    from urllib.parse import unquote, urlsplit

    base = os.path.basename(unquote(urlsplit(url).path)) or "download"
    base = "".join(c if c.isalnum() or c in "-_." else "_" for c in base).lstrip(".")
    stem, ext = os.path.splitext(base)
    if ext.lower() not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json"):
        stem, ext = base, (".xlsx" if body[:4] == b"PK\x03\x04" else ".csv")
    name, i = stem + ext, 2
    while name in taken or name in (MANIFEST_NAME, OFFICES_FILE):
        name, i = f"{stem}-{i}{ext}", i + 1
    taken.add(name)
    return name


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _previous_manifest(directory: str) -> dict:
    try:
        return read_manifest(directory)
    except DataError:
        return {}  # a damaged manifest: the new dataset simply counts as changed


def _gather_files(fetcher: Fetcher, partial: str, files: list[str], from_dir: str | None,
                  previous_dir: str, fetched_at: str, progress: Callable[[str], None]
                  ) -> tuple[dict[str, dict], int]:
    """Results, grades and the rest into ``partial``; their manifest entries."""
    out: dict[str, dict] = {}
    taken: set[str] = set()
    cached = 0
    if from_dir is not None:
        chosen = [f for f in source_files(from_dir) if not f.lower().endswith(".json")]
        if not chosen:
            raise UpdateError(f"{from_dir}: --from names a directory with no results, "
                              "grade or other data files.")
        sources = [(f, "path") for f in chosen]
    elif files:
        sources = [(f, "url" if _is_url(f) else "path") for f in files]
    else:  # offices only: keep the current data, say where it came from
        prev = _previous_manifest(previous_dir).get("files", {})
        sources = [(f, "carry") for f in source_files(previous_dir)
                   if os.path.basename(f) != OFFICES_FILE
                   and not f.lower().endswith(".json")]
        for f, _how in sources:
            name = os.path.basename(f)
            shutil.copyfile(f, os.path.join(partial, name))
            taken.add(name)
            before = prev.get(name, {}) if isinstance(prev.get(name), dict) else {}
            out[name] = {"origin": before.get("origin") or name,
                         "fetched_at": before.get("fetched_at"),
                         "carried_from": os.path.basename(previous_dir)}
        return out, 0
    for i, (src, how) in enumerate(sources, start=1):
        if how == "url":
            progress(f"files: {i} of {len(sources)}")
            answer = fetcher.get(src, limit=FILE_LIMIT)
            cached += answer.from_cache
            name = _file_name(src, answer.body, taken)
            with open(os.path.join(partial, name), "wb") as fh:
                fh.write(answer.body)
            fetcher.cache.remember(answer)
            out[name] = {"origin": src, "fetched_at": fetched_at}
        else:
            if not os.path.isfile(src):
                raise UpdateError(f"{src}: no such file (named in the update configuration"
                                  f"{' or --from' if from_dir else ''}).")
            with open(src, "rb") as fh:
                head = fh.read(4)
            name = _file_name(src, head, taken)
            shutil.copyfile(src, os.path.join(partial, name))
            out[name] = {"origin": os.path.abspath(src), "fetched_at": fetched_at}
    return out, cached


def check(new, old, *, accept_shrink: bool = False) -> None:
    """Refuse a dataset that would rank nobody, or that lost most of what the last one had
    (a half-answered search, a truncated file): better yesterday's data than that."""
    from chooser.core.ranking import Needs, Ranker

    if not Ranker(new).rank(Needs(areas=())).ranked:
        raise UpdateError("the new dataset would rank no contract at all (every contract "
                          "excluded or none in the latest follow-up); not installed.")
    if accept_shrink or old is None:
        return
    if len(new.contracts) < SHRINK_LIMIT * len(old.contracts):
        raise UpdateError(f"the new dataset has {len(new.contracts)} contracts where the "
                          f"current one has {len(old.contracts)}; that looks like a broken "
                          "source, so it was not installed (use --accept-shrink if AF really "
                          "ended most contracts).")
    if len(new.offices) < SHRINK_LIMIT * len(old.offices):
        raise UpdateError(f"AF's search listed offices for {len(new.offices)} contracts where "
                          f"the current dataset has {len(old.offices)}; that looks like a "
                          "partial answer, so it was not installed (use --accept-shrink if "
                          "it is real).")


def _where(exc: DataError, manifest_files: dict[str, dict]) -> str:
    origin = manifest_files.get(exc.file, {}).get("origin")
    return f"{exc} (The file came from {origin}.)" if origin and origin != exc.file else str(exc)


def office_changes(old, new) -> dict[str, int]:
    """How AF's office list changed between two datasets: contracts that left it,
    appeared in it, or changed their set of offices."""
    before = old.offices if old is not None else {}
    left = [ka for ka in before if ka not in new.offices]
    appeared = [ka for ka in new.offices if ka not in before]
    changed = [ka for ka in new.offices
               if ka in before and set(before[ka]) != set(new.offices[ka])]
    return {"left": len(left), "appeared": len(appeared), "changed": len(changed)}


def _geography(ds, gaz) -> dict:
    """What the new offices say about the committed municipality → area table: the rows
    a rebuilt table would add (the table itself changes only with a build)."""
    from chooser.geo.offices import new_rows

    if ds.area_map:
        gaz = gaz.with_mapping(ds.area_map, "official")
    evidence = (ds.precomputed.office_areas if ds.precomputed else None) or {}
    rows = new_rows(evidence, gaz.areas)
    return {"new_rows": [{"municipality_code": code,
                          "municipality": gaz.municipalities[code].name, "area": area}
                         for code, area in rows]}


def _commit(cache: HttpCache) -> None:
    """The new dataset is installed; a cache that cannot be written (a full disk) only
    costs full downloads next time."""
    with contextlib.suppress(OSError):
        cache.commit()


def update(*, root: str, base_url: str = AF_BASE_URL, files: list[str] | None = None,
           from_dir: str | None = None, timeout: float = DEFAULT_TIMEOUT,
           pause: float = DEFAULT_PAUSE, keep: int = store.KEEP, accept_shrink: bool = False,
           progress: Callable[[str], None] | None = None,
           deadline: float = DEFAULT_DEADLINE) -> UpdateResult:
    """Raises ChooserError subclasses only: a full disk or a file-size limit (ENOSPC,
    EFBIG) midway is an UpdateError; the store is as it was and no partial remains."""
    try:
        return _update(root=root, base_url=base_url, files=files, from_dir=from_dir,
                       timeout=timeout, pause=pause, keep=keep, accept_shrink=accept_shrink,
                       progress=progress, deadline=deadline)
    except OSError as exc:
        raise UpdateError(store.unusable(root, exc)) from None


def _update(*, root: str, base_url: str, files: list[str] | None, from_dir: str | None,
            timeout: float, pause: float, keep: int, accept_shrink: bool,
            progress: Callable[[str], None] | None, deadline: float) -> UpdateResult:
    from chooser.storage.paths import snapshot_dir

    progress = progress or (lambda _t: None)
    started = time.monotonic()
    with store.Lock(root):
        store.clean_partials(root)
        previous_dir = store.current(root) or snapshot_dir()
        try:
            previous = load_directory(previous_dir)
        except ChooserError:
            previous = None  # a damaged current dataset is no yardstick; it gets replaced
        cache = HttpCache(os.path.join(root, "http-cache"))
        partial = store.make_partial(root)
        try:
            fetched_at = _now()
            with Fetcher(timeout=timeout, pause=pause, cache=cache, progress=progress,
                         deadline=deadline) as f:
                pages, cached_pages = fetch_office_pages(
                    f, base_url, progress, len(previous.contracts) if previous else None)
                with open(os.path.join(partial, OFFICES_FILE), "w", encoding="utf-8") as fh:
                    json.dump(pages, fh, ensure_ascii=False, separators=(",", ":"))
                manifest_files = {OFFICES_FILE: {
                    "origin": base_url.rstrip("/") + OFFICE_PATH, "fetched_at": fetched_at,
                    "pages": len(pages)}}
                more, cached_files = _gather_files(f, partial, files or [], from_dir,
                                                   previous_dir, fetched_at, progress)
                manifest_files.update(more)
                requests, paused = f.requests, f.paused
            for name, entry in manifest_files.items():
                entry["sha256"] = sha256_file(os.path.join(partial, name))
            result = dict(pages=len(pages), entries=sum(len(p["leverantorer"]) for p in pages),
                          requests=requests, from_cache=cached_pages + cached_files,
                          paused=paused)
            before = _previous_manifest(previous_dir).get("files", {})
            if previous is not None and before and {
                    n: e.get("sha256") for n, e in manifest_files.items()} == {
                    n: e.get("sha256") for n, e in before.items() if isinstance(e, dict)}:
                # the same bytes as the current, checked dataset: nothing to read or install
                shutil.rmtree(partial, ignore_errors=True)
                _commit(cache)  # only the validators are new
                return UpdateResult(name=None, path=previous_dir, unchanged=True, removed=[],
                                    geography=None, office_changes=None,
                                    offices_as_of=previous.offices_as_of,
                                    contracts=len(previous.contracts),
                                    offices=sum(len(o) for o in previous.offices.values()),
                                    seconds=time.monotonic() - started, **result)
            name = store.new_name(root)
            # the manifest first, so that one reading of the files carries its provenance
            manifest = {"kind": "update", "fetched_at": fetched_at, "base_url": base_url,
                        "previous": os.path.basename(previous_dir), "files": manifest_files}
            with open(os.path.join(partial, MANIFEST_NAME), "w", encoding="utf-8") as fh:
                json.dump(manifest, fh, ensure_ascii=False, indent=2, sort_keys=True)
                fh.write("\n")
            progress("checking the new dataset")
            try:
                ds = parse_directory(partial)
            except DataError as exc:
                raise UpdateError(_where(exc, manifest_files)) from None
            check(ds, previous, accept_shrink=accept_shrink)
            result.update(contracts=len(ds.contracts),
                          offices=sum(len(o) for o in ds.offices.values()))
            from chooser.storage.geodata import load_gazetteer

            gaz = load_gazetteer()  # once, for the index's office evidence and the report
            index_directory(partial, ds, gaz)
            if not load_directory(partial).same_data(ds):
                raise UpdateError("the new dataset's index does not read back as its files; "
                                  "not installed.")
            result["geography"] = _geography(ds, gaz)
            result["office_changes"] = office_changes(previous, ds)
            result["offices_as_of"] = ds.offices_as_of
            final = store.install(root, partial, name)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        _commit(cache)
        removed = store.prune(root, keep)
    return UpdateResult(name=name, path=final, unchanged=False, removed=removed,
                        seconds=time.monotonic() - started, **result)
