"""HTTP for ``chooser update``, and nothing else in chooser touches the network.

Polite to AF's servers: one request at a time, a pause between requests, a User-Agent that
says who is asking, and conditional requests (ETag / Last-Modified) so an unchanged source
is not downloaded again. Careful with what comes back: every answer has a deadline, a size
limit, a bounded number of retries (only where retrying can help: 5xx, timeouts, dropped
connections), and every failure becomes one :class:`FetchError` naming the URL and what
was wrong, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable

import httpx

from chooser import __version__
from chooser.core.boundedjson import JsonLimit, loads
from chooser.core.errors import ChooserError

USER_AGENT = (f"chooser/{__version__} (a choice aid for Rusta och matcha 2; "
              f"httpx/{httpx.__version__})")
MAX_REDIRECTS = 5
ATTEMPTS = 3  # for 5xx and dropped connections
TIMEOUT_ATTEMPTS = 2  # a timeout already cost `timeout` seconds: retry once
BACKOFF = 0.5  # seconds, doubled after each failed attempt
RETRY_AFTER_CAP = 5.0


class FetchError(ChooserError):
    exit_code = 3

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem.rstrip('.')}.")


class _Retry(Exception):
    def __init__(self, problem: str, wait: float | None = None, timeout: bool = False) -> None:
        super().__init__(problem)
        self.problem, self.wait, self.timeout = problem, wait, timeout


CACHE_INDEX_LIMIT = 10_000_000  # bytes; ~200 bytes an entry, a few hundred entries
_BODY_NAME = re.compile(r"[0-9a-f]{32}\.body")


def _valid_entry(e: object) -> bool:
    """A cache entry as :meth:`HttpCache.remember` writes it; its body file a plain name
    inside the cache (a damaged or planted index must not point anywhere else)."""
    return (isinstance(e, dict) and isinstance(e.get("file"), str)
            and _BODY_NAME.fullmatch(e["file"]) is not None
            and isinstance(e.get("sha256"), str)
            and all(e.get(k) is None or isinstance(e[k], str) for k in ("etag", "last_modified")))


class Answer:
    __slots__ = ("body", "etag", "from_cache", "last_modified", "url")

    def __init__(self, url: str, body: bytes, etag: str | None, last_modified: str | None,
                 from_cache: bool) -> None:
        self.url, self.body, self.etag = url, body, etag
        self.last_modified, self.from_cache = last_modified, from_cache


class HttpCache:
    """The last answer for each URL with its validators. New entries are written only by
    :meth:`commit`, after the update they belong to succeeded: a bad answer that came
    with an ETag must not be replayed as "unchanged" next time."""

    def __init__(self, directory: str | None) -> None:
        self.directory = directory
        self.entries: dict[str, dict] = {}
        self.pending: dict[str, tuple[dict, bytes]] = {}
        self._read: dict[str, bytes | None] = {}  # validators() and a 304 read it once
        if directory:
            try:
                with open(os.path.join(directory, "index.json"), "rb") as fh:
                    loaded = loads(fh.read(CACHE_INDEX_LIMIT + 1), limit=CACHE_INDEX_LIMIT)
            except (OSError, JsonLimit):
                loaded = {}  # no cache, or a damaged one: ask for everything again
            if isinstance(loaded, dict):
                # entry by entry: one damaged entry costs one full download, not a crash
                self.entries = {url: e for url, e in loaded.items() if _valid_entry(e)}

    def validators(self, url: str) -> dict[str, str]:
        e = self.entries.get(url)
        if not e or self.body(url) is None:
            return {}
        headers = {}
        if e.get("etag"):
            headers["If-None-Match"] = e["etag"]
        if e.get("last_modified"):
            headers["If-Modified-Since"] = e["last_modified"]
        return headers

    def body(self, url: str) -> bytes | None:
        if url not in self._read:
            self._read[url] = self._body(url)
        return self._read[url]

    def _body(self, url: str) -> bytes | None:
        e = self.entries.get(url)
        if not e or not self.directory:
            return None
        try:
            with open(os.path.join(self.directory, e["file"]), "rb") as fh:
                data = fh.read()
        except (OSError, KeyError, TypeError):
            return None
        return data if hashlib.sha256(data).hexdigest() == e.get("sha256") else None

    def remember(self, answer: Answer) -> None:
        if answer.from_cache or not (answer.etag or answer.last_modified):
            return
        name = hashlib.sha256(answer.url.encode()).hexdigest()[:32] + ".body"
        self.pending[answer.url] = ({"etag": answer.etag, "last_modified": answer.last_modified,
                                     "file": name,
                                     "sha256": hashlib.sha256(answer.body).hexdigest()},
                                    answer.body)

    def commit(self) -> None:
        if not self.directory or not self.pending:
            return
        os.makedirs(self.directory, exist_ok=True)
        for url, (entry, body) in self.pending.items():
            tmp = os.path.join(self.directory, entry["file"] + ".tmp")
            with open(tmp, "wb") as fh:
                fh.write(body)
            os.replace(tmp, os.path.join(self.directory, entry["file"]))
            self.entries[url] = entry
        tmp = os.path.join(self.directory, "index.json.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.entries, fh, indent=1, sort_keys=True)
        os.replace(tmp, os.path.join(self.directory, "index.json"))
        self.pending.clear()


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


class Fetcher:
    def __init__(self, *, timeout: float, pause: float, cache: HttpCache | None = None,
                 progress: Callable[[str], None] | None = None,
                 deadline: float | None = None) -> None:
        """``deadline``: seconds from now for every request together (the update's one
        wall-clock bound); None for none."""
        self.timeout = timeout
        self.deadline = deadline
        self.ends = None if deadline is None else time.monotonic() + deadline
        self.pause = pause
        self.cache = cache or HttpCache(None)
        self.progress = progress or (lambda _text: None)
        self._last_request = 0.0
        self.requests = 0
        self.paused = 0.0  # seconds spent in deliberate pauses (benchmarks subtract them)
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=True,
            max_redirects=MAX_REDIRECTS, headers={"User-Agent": USER_AGENT},
            trust_env=True)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def get(self, url: str, *, limit: int, params: dict | None = None) -> Answer:
        """The body at ``url`` (at most ``limit`` bytes), or the cached one if the server
        says it has not changed. Raises FetchError."""
        try:
            full = str(httpx.URL(url, params=params)) if params else url
            httpx.URL(full)  # a bad port or host ("http://[::1") fails here, named
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise FetchError(url, f"is not a usable address ({exc})") from None
        wait = BACKOFF
        attempt = timeouts = 0
        while True:
            attempt += 1
            self._be_polite()
            self._check_deadline(full)
            try:
                return self._once(full, limit)
            except _Retry as r:
                timeouts += r.timeout
                if attempt >= ATTEMPTS or timeouts >= TIMEOUT_ATTEMPTS:
                    tries = "once" if attempt == 1 else f"{attempt} times"
                    raise FetchError(full, f"{r.problem} (tried {tries})") from None
                self._sleep(min(r.wait if r.wait is not None else wait, RETRY_AFTER_CAP))
                wait *= 2

    def _left(self) -> float:
        return float("inf") if self.ends is None else self.ends - time.monotonic()

    def _check_deadline(self, url: str) -> None:
        if self._left() <= 0:
            raise FetchError(url, f"the update's deadline of {self.deadline:g} s passed "
                                  "before this request (--deadline)")

    def _sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, self._left())))

    def _be_polite(self) -> None:
        gap = self.pause - (time.monotonic() - self._last_request)
        if self._last_request and gap > 0:
            self._sleep(gap)
            self.paused += gap
        self._last_request = time.monotonic()

    def _once(self, url: str, limit: int) -> Answer:
        headers = self.cache.validators(url)
        left = self._left()
        deadline = time.monotonic() + min(2 * self.timeout, left)
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers,
                                    timeout=httpx.Timeout(min(self.timeout, left))) as r:
                if r.status_code == 304 and headers:
                    body = self.cache.body(url)
                    if body is not None:
                        return Answer(url, body, r.headers.get("etag"),
                                      r.headers.get("last-modified"), True)
                if r.status_code >= 500 or r.status_code == 429:
                    raise _Retry(f"the server answered {r.status_code} "
                                 f"{r.reason_phrase or ''}".rstrip(), _retry_after(r))
                if r.status_code != 200:
                    raise FetchError(url, f"the server answered {r.status_code} "
                                          f"{r.reason_phrase or ''}".rstrip()
                                     + (" (the address may have moved; check the URL in "
                                        "the configuration)" if r.status_code == 404 else ""))
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"the answer would be {_size(int(declared))}, more "
                                          f"than the {_size(limit)} any real one needs; "
                                          "not downloaded")
                chunks, got = [], 0
                for chunk in r.iter_bytes():
                    got += len(chunk)
                    if got > limit:
                        raise FetchError(url, f"the answer grew past {_size(limit)}, more "
                                              "than any real one needs; download stopped")
                    if time.monotonic() > deadline:
                        self._check_deadline(url)
                        # a server that trickles does not speed up on a second try
                        raise FetchError(url, f"the answer was still arriving after "
                                              f"{2 * self.timeout:g} s; download stopped")
                    chunks.append(chunk)
                return Answer(url, b"".join(chunks), r.headers.get("etag"),
                              r.headers.get("last-modified"), False)
        except httpx.TooManyRedirects:
            raise FetchError(url, f"redirected more than {MAX_REDIRECTS} times (a redirect "
                                  "loop?)") from None
        except httpx.TimeoutException as exc:
            self._check_deadline(url)
            what = "connect" if isinstance(exc, httpx.ConnectTimeout) else "answer"
            raise _Retry(f"no {what} within the {self.timeout:g} s timeout",
                         timeout=True) from None
        except httpx.RemoteProtocolError as exc:
            raise _Retry(f"the connection broke off before the whole answer arrived ({exc})"
                         ) from None
        except httpx.TransportError as exc:
            raise _Retry(f"could not connect ({exc or type(exc).__name__})") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"is not a usable address ({exc})") from None


def _retry_after(r: httpx.Response) -> float | None:
    value = r.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None
