"""AF's supplier search ("Sök leverantör") as saved JSON: where each contract's offices are.

A file holds one page object ``{"total_count": …, "leverantorer": [...]}`` or, as public
scrapers save a download, a JSON list of such pages. Each entry's ``id`` is a KA number;
coordinates arrive as strings; ``rating`` is absent for a contract without a grade (and
not read: grades come from AF's results). ``nyval_tillatet`` is kept as AF's raw flag
only: it is false for every contract in AF's real downloads, so it cannot mean "takes no
new participants" and never excludes anyone. A bad field is reported with its path, e.g.
``page 2, leverantorer[5].adresser[0].koordinater.latitud``.
"""

from __future__ import annotations

from chooser.core.errors import DataError
from chooser.core.model import Office
from chooser.core.printable import printable

KIND = "offices"

# Sweden with a margin: an office outside this box is a typo (swapped lat/lon, a missing
# decimal point), and a distance computed from it would be nonsense.
LAT_RANGE = (55.0, 69.5)
LON_RANGE = (10.0, 24.5)
MAX_TEXT = 500  # characters of a name or an address; AF's longest are under 100


class OfficeEntry:
    """One contract's entry in the search: its offices and AF's raw ``nyval_tillatet``."""

    __slots__ = ("accepts_new", "ka", "offices", "supplier")

    def __init__(self, ka: str, supplier: str, accepts_new: bool | None,
                 offices: tuple[Office, ...]) -> None:
        self.ka, self.supplier, self.accepts_new, self.offices = ka, supplier, accepts_new, offices

    def key(self) -> tuple:
        return (self.ka, self.accepts_new, tuple(sorted(self.offices)))


def looks_like_offices(data: object) -> bool:
    pages = data if isinstance(data, list) else [data]
    return bool(pages) and all(isinstance(p, dict) and "leverantorer" in p for p in pages)


def parse(file: str, data: object) -> list[OfficeEntry]:
    """Entries from decoded JSON; raises DataError naming page and field."""
    pages = data if isinstance(data, list) else [data]
    out: dict[str, OfficeEntry] = {}
    where_seen: dict[str, str] = {}
    for p, page in enumerate(pages, start=1):
        page_name = f"page {p}" if isinstance(data, list) else "the page"

        def fail(field: str, problem: str, page_name: str = page_name) -> DataError:
            return DataError(file, problem, column=f"{page_name}, {field}")

        if not isinstance(page, dict) or not isinstance(page.get("leverantorer"), list):
            raise fail("leverantorer", "expected a list of suppliers (AF's search answer)")
        for i, e in enumerate(page["leverantorer"]):
            at = f"leverantorer[{i}]"
            if not isinstance(e, dict):
                raise fail(at, "expected an object with id, namn and adresser")
            ka = str(e.get("id", "")).strip()
            if not (ka.isascii() and ka.isdigit() and len(ka) <= 12):
                raise fail(f"{at}.id", f"expected a KA number, found {e.get('id')!r}")
            supplier = _text(e.get("namn"))
            accepts = e.get("nyval_tillatet")
            if accepts is not None and not isinstance(accepts, bool):
                raise fail(f"{at}.nyval_tillatet", f"expected true or false, found {accepts!r}")
            if "adresser" not in e:  # null is "none listed"; no field is another format
                found = ", ".join(sorted(map(str, e))[:8])
                raise fail(f"{at}.adresser", f"the entry has no adresser field (it has: "
                                             f"{found}); AF's field names may have changed")
            addresses = e.get("adresser") or []
            if not isinstance(addresses, list):
                raise fail(f"{at}.adresser", "expected a list of addresses")
            offices = tuple(_office(fail, f"{at}.adresser[{j}]", ka, a)
                            for j, a in enumerate(addresses))
            entry = OfficeEntry(ka, supplier, accepts, offices)
            old = out.get(ka)
            # Scrapers overlap pages; the same entry twice is fine, two different ones not.
            if old is not None and old.key() != entry.key():
                raise fail(f"{at}.id", f"contract {ka} appears twice with different offices "
                                       f"or nyval_tillatet (also at {where_seen[ka]})")
            out[ka] = entry
            where_seen[ka] = f"{page_name}, {at}"
    return list(out.values())


def _office(fail, at: str, ka: str, a: object) -> Office:
    if not isinstance(a, dict):
        raise fail(at, "expected an address object")
    coords = a.get("koordinater")
    if not isinstance(coords, dict):
        raise fail(f"{at}.koordinater", "the address has no coordinates")
    lat = _coordinate(fail, f"{at}.koordinater.latitud", coords.get("latitud"), LAT_RANGE)
    lon = _coordinate(fail, f"{at}.koordinater.longitud", coords.get("longitud"), LON_RANGE)
    postcode = "".join(_text(a.get("postnummer")).split())
    return Office(ka, _text(a.get("adressrad")), postcode, _text(a.get("postort")), lat, lon)


def _text(value: object) -> str:
    """A name or address from AF's JSON, without control characters (see core.printable)."""
    return printable(str(value or "")).strip()[:MAX_TEXT]


def _coordinate(fail, field: str, value: object, bounds: tuple[float, float]) -> float:
    try:
        x = float(str(value)[:40].replace(",", "."))
    except ValueError:
        raise fail(field, f"expected a coordinate in decimal degrees, found {value!r}") from None
    if not bounds[0] <= x <= bounds[1]:
        raise fail(field, f"{x} is outside Sweden ({bounds[0]}–{bounds[1]})",
                   ) from None
    return x
