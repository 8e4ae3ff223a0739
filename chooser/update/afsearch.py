"""AF's supplier search ("Sök leverantör"): the undocumented JSON service behind its
public search page, read page by page (see docs/data.md for what its fields mean)."""

from __future__ import annotations

import json
from collections.abc import Callable

from chooser.core.errors import DataError
from chooser.update.fetch import Answer, Fetcher, FetchError

AF_BASE_URL = "https://arbetsformedlingen.se"
OFFICE_PATH = "/rest/rusta-och-matcha-2/sokleverantor/v2/leverantorer"
SERVICE_CODE = "A015"  # Rusta och matcha 2 in AF's service codes
PAGE_LIMIT = 2_000_000  # a real page (20 suppliers) is ~15 kB
MAX_PAGES = 500  # AF has ~55; a server that never answers an empty page must not loop


def decode_page(answer: Answer) -> dict:
    """A page of AF's search as JSON, or a FetchError saying what came instead."""
    text = answer.body.lstrip()
    if text[:1] == b"<":
        raise FetchError(answer.url, "the server answered an HTML page where JSON was "
                                     "expected (an error or maintenance page?)")
    try:
        page = json.loads(answer.body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FetchError(answer.url, f"the answer is not UTF-8 text (byte {exc.start})"
                         ) from None
    except json.JSONDecodeError as exc:
        raise FetchError(answer.url, f"the answer is not valid JSON ({exc.msg} at line "
                                     f"{exc.lineno}, column {exc.colno}; cut short?)"
                         ) from None
    if not isinstance(page, dict) or not isinstance(page.get("leverantorer"), list):
        keys = ", ".join(sorted(page)[:8]) if isinstance(page, dict) else type(page).__name__
        raise FetchError(answer.url, f'the answer has no "leverantorer" list (it has: {keys})'
                                     "; AF may have changed the service")
    return page


def fetch_office_pages(fetcher: Fetcher, base_url: str,
                       progress: Callable[[str], None]) -> tuple[list[dict], int]:
    """Every page of the search, in order; and how many came from the cache."""
    from chooser.sources import offices

    url = base_url.rstrip("/") + OFFICE_PATH
    pages: list[dict] = []
    seen = 0
    cached = 0
    previous_ids: tuple[str, ...] = ()
    for n in range(1, MAX_PAGES + 1):
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
            progress(f"offices: page {n} of {-(-total // len(entries))}")
            if seen >= total:
                break
        else:
            progress(f"offices: page {n}")
    else:
        raise FetchError(url, f"still answering suppliers after {MAX_PAGES} pages")
    if not pages:
        raise FetchError(url + f"?sida=1&tjanstekoder={SERVICE_CODE}",
                         "answered no suppliers at all")
    return pages, cached
