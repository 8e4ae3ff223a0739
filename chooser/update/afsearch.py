"""AF's supplier search ("Sök leverantör"): the undocumented JSON service behind its
public search page, read page by page (see docs/data.md for what its fields mean)."""

from __future__ import annotations

from collections.abc import Callable

from chooser.core.boundedjson import JsonLimit, loads
from chooser.core.errors import DataError
from chooser.update.fetch import Answer, Fetcher, FetchError

AF_BASE_URL = "https://arbetsformedlingen.se"
OFFICE_PATH = "/rest/rusta-och-matcha-2/sokleverantor/v2/leverantorer"
SERVICE_CODE = "A015"  # Rusta och matcha 2 in AF's service codes
PAGE_LIMIT = 2_000_000  # a real page (20 suppliers) is ~15 kB
MAX_PAGES = 500  # AF has ~55; a server that never answers an empty page must not loop
PAGE_FACTOR = 5  # … nor may one page past 5 × the pages its first answer announced


def decode_page(answer: Answer) -> dict:
    """A page of AF's search as JSON, or a FetchError saying what came instead."""
    text = answer.body.lstrip()
    if text[:1] == b"<":
        raise FetchError(answer.url, "the server answered an HTML page where JSON was "
                                     "expected (an error or maintenance page?)")
    try:
        page = loads(answer.body, limit=PAGE_LIMIT)
    except JsonLimit as exc:
        raise FetchError(answer.url, f"the answer cannot be used: {exc}") from None
    if not isinstance(page, dict) or not isinstance(page.get("leverantorer"), list):
        keys = ", ".join(sorted(page)[:8]) if isinstance(page, dict) else type(page).__name__
        raise FetchError(answer.url, f'the answer has no "leverantorer" list (it has: {keys})'
                                     "; AF may have changed the service")
    return page


def fetch_office_pages(fetcher: Fetcher, base_url: str, progress: Callable[[str], None],
                       expected: int | None = None) -> tuple[list[dict], int]:
    """Every page of the search, in order; and how many came from the cache.

    ``expected``: how many contracts the current dataset has. The pages are capped at
    :data:`PAGE_FACTOR` times what that many entries fill (else what the first answer
    announces), never above :data:`MAX_PAGES`: a server that keeps paging, or announces
    a million suppliers, is stopped in seconds, not after 500 pages."""
    from chooser.sources import offices

    url = base_url.rstrip("/") + OFFICE_PATH
    pages: list[dict] = []
    seen = 0
    cached = 0
    previous_ids: tuple[str, ...] = ()
    cap = MAX_PAGES
    n = 0
    while n < cap:
        n += 1
        answer = fetcher.get(url, params={"sida": n, "tjanstekoder": SERVICE_CODE},
                             limit=PAGE_LIMIT)
        cached += answer.from_cache
        page = decode_page(answer)
        try:
            entries = offices.parse(answer.url, page)
        except DataError as exc:  # field names changed, coordinates outside Sweden, …
            raise FetchError(answer.url, f"{exc.column or 'the page'}: {exc.problem}"
                             ) from None
        if not entries:
            break
        ids = tuple(e.ka for e in entries)
        if ids == previous_ids:
            raise FetchError(answer.url, f"answered the same suppliers as page {n - 1}: the "
                                         "server does not page (has the parameter changed?)")
        previous_ids = ids
        pages.append(page)
        fetcher.cache.remember(answer)
        seen += len(entries)
        total = page.get("total_count")
        if isinstance(total, int) and total > 0:
            expected_pages = -(-total // len(entries))
            if n == 1:  # what the current data (or else the first answer) expects
                fill = -(-expected // len(entries)) if expected else expected_pages
                cap = min(MAX_PAGES, PAGE_FACTOR * fill)
            progress(f"offices: page {n} of {expected_pages}")
            if seen >= total:
                break
        else:
            progress(f"offices: page {n}")
    else:
        raise FetchError(url, f"still answering suppliers after {cap} pages ({PAGE_FACTOR} × "
                              "what the current data fills, at most "
                              f"{MAX_PAGES}); a server that never ends was stopped")
    if not pages:
        raise FetchError(url + f"?sida=1&tjanstekoder={SERVICE_CODE}",
                         "answered no suppliers at all")
    return pages, cached
