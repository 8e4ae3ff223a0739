"""Where a participant lives: free text or coordinates → municipality and delivery area.

Offline and instant: the gazetteer is read once from the committed tables in
``data/geo/`` (see its ATTRIBUTION.md) and the lookup runs on every keystroke in the app.
The lookup never guesses silently: every match says how sure its area is, and a
municipality whose area cannot be decided (the split cities, places between two areas)
carries all candidate areas.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

from chooser.core.distance import cells_within, grid_cell, haversine_km
from chooser.core.model import AreaEvidence, GeoMatch
from chooser.core.sharing import share_equal

# a district (Husby) after a locality of the same name, which has its population
KIND_ORDER = {"municipality": 0, "postcode": 0, "locality": 1, "district": 1, "post town": 2}
# which evidence for a municipality's area wins (chooser.build.areas explains each)
SOURCE_ORDER = {"official": 0, "offices": 1, "name": 2, "approximate": 3}
MAX_QUERY = 100
MIN_SCORE = 72.0
# Sweden, generously: coordinates outside are "no match", not the nearest border town.
SWEDEN_BOX = (55.0, 69.2, 10.5, 24.3)
MAX_KM_TO_PLACE = 40.0

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o", "é": "e", "è": "e",
                       "ü": "u", "-": " ", ".": " ", ",": " ", "'": " "})


def fold(text: str) -> str:
    """The form names are compared in: case, diacritics and the ways Swedish letters are
    typed without a Swedish keyboard (å → a/aa, ä → a/ae, ö → o/oe) do not matter."""
    t = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("aa", "a").replace("ae", "a").replace("oe", "o")
    return " ".join(t.split())


def clean_query(text: str) -> str:
    """Drop control characters and cap the length: input comes from anyone at a kiosk."""
    text = text[: MAX_QUERY * 4]
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    return " ".join(text.split())[:MAX_QUERY]


def postcode(text: str) -> str | None:
    """The five digits of a Swedish postcode typed as "411 03", "41103" or "411-03"."""
    compact = text.replace(" ", "").replace("-", "")
    return compact if len(compact) == 5 and compact.isdigit() else None


def _spellings(text: str) -> list[str]:
    """``chooser.geo.cyrillic.spellings``, imported only for a name that may need it (a
    command that names "Ludvika" does without the table)."""
    if text.isascii():
        return [text]
    from chooser.geo.cyrillic import spellings

    return spellings(text)


class Municipality:
    __slots__ = ("code", "county", "lat", "lon", "name")

    def __init__(self, code: str, name: str, county: str, lat: float, lon: float) -> None:
        self.code, self.name, self.county, self.lat, self.lon = code, name, county, lat, lon


EXACT_BUCKETS = 64  # the index's exact-name table in parts: one is ~300 names


class Packed:
    """The parts of an indexed gazetteer not yet unpacked (see Gazetteer.to_state): the
    numbers of its parts, and ``part(i)`` that gives the i-th part's bytes."""

    __slots__ = ("exact", "grid", "main", "part")

    def __init__(self, part: Callable[[int], bytes], main: int, exact: tuple[int, ...],
                 grid: dict[tuple[int, int], int]) -> None:
        self.part, self.main, self.exact, self.grid = part, main, exact, grid


class Gazetteer:
    """Municipalities, localities, postcodes and municipality → area, with a fuzzy index."""

    def __init__(self, municipalities: list[Municipality],
                 places: list[tuple[str, str, str, float, float, int]],
                 postcodes: dict[str, tuple[str, str, float, float]],
                 areas: dict[str, list[AreaEvidence]]) -> None:
        self.municipalities = {m.code: m for m in municipalities}
        self._postcodes: dict[str, tuple[str, str, float, float]] | None = postcodes
        self._sorted_postcodes: list[str] | None = sorted(postcodes)
        self._packed_postcodes: int | None = None  # its part, when read from an index
        self.areas = areas
        # one entry per (folded name, municipality): a municipality beats a locality of the
        # same name beats a post town, so "Ludvika" is listed once, as the municipality.
        # A post town named like a known place elsewhere is the postal service's name for
        # a delivery office, not a second "Östersund", so it is left out.
        known = {fold(p[0]) for p in places if p[1] != "post town"}
        best: dict[tuple[str, str], tuple[str, str, str, float, float, int]] = {}
        for p in places:
            if p[1] == "post town" and fold(p[0]) in known:
                continue
            key = (fold(p[0]), p[2])
            old = best.get(key)
            if old is None or (KIND_ORDER[p[1]], -p[5]) < (KIND_ORDER[old[1]], -old[5]):
                best[key] = p
        self.entries = list(best.values())
        self.keys = [fold(e[0]) for e in self.entries]
        self.exact: dict[str, list[int]] = {}
        for i, k in enumerate(self.keys):
            self.exact.setdefault(k, []).append(i)
        self.sorted_keys = sorted((k, i) for i, k in enumerate(self.keys))
        self._by_name: dict[str, Municipality] | None = None
        self._grid_cells: dict[tuple[int, int], list] | None = None
        self._packed: Packed | None = None

    # --- areas -------------------------------------------------------------------------

    def evidence_for(self, code: str) -> list[AreaEvidence]:
        """A municipality's areas with their evidence: of the rows the table has, those of
        the best kind (AF's table, then offices, then the name, then an approximation),
        since an approximate row only stands in where better evidence names no area that
        exists (see ``chooser.build.areas``)."""
        rows = self.areas.get(code, [])
        if not rows:
            return []
        best = min(SOURCE_ORDER.get(r.source, len(SOURCE_ORDER)) for r in rows)
        return [r for r in rows if SOURCE_ORDER.get(r.source, len(SOURCE_ORDER)) == best]

    def areas_for(self, code: str) -> tuple[list[str], str]:
        """Candidate delivery areas for a municipality and how they were derived."""
        rows = self.evidence_for(code)
        return [r.area for r in rows], rows[0].source if rows else "none"

    def for_areas(self, present: Iterable[str]) -> Gazetteer:
        """A copy that knows only the areas ``present`` (a dataset's): AF's areas change
        between periods, and the table covers them all."""
        keep = set(present)
        return self.with_areas({code: [r for r in rows if r.area in keep]
                                for code, rows in self.areas.items()})

    def municipality(self, name_or_code: str) -> Municipality | None:
        """A municipality by its exact name (in any case or spelling fold() forgives) or
        its four-digit code ("114" is "0114": Excel drops the zero)."""
        text = name_or_code.strip()
        if text.isdigit():
            return self.municipalities.get(text.zfill(4))
        if self._by_name is None:
            self._by_name = {fold(m.name): m for m in self.municipalities.values()}
        return self._by_name.get(fold(text))

    def with_mapping(self, mapping: dict[str, tuple[str, ...]],
                     source: str = "official") -> Gazetteer:
        """A copy in which ``mapping`` (municipality code or name → areas) wins for the
        municipalities it names. ``source`` says where it came from: "official" for AF's
        table, "offices" when derived from where suppliers' offices are (live data)."""
        areas = dict(self.areas)
        for who, names in mapping.items():
            m = self.municipality(who)
            if m is not None:
                areas[m.code] = [AreaEvidence(a, source, "high", 0, 0) for a in names]
        return self.with_areas(areas)

    # --- a plain form for the prebuilt index (chooser.storage.geodata) ----------------

    def to_state(self) -> tuple[tuple, tuple[bytes, ...]]:
        """Everything the constructor works out, as plain tuples and dicts for marshal
        (folding and sorting 20,000 names is most of the cost of building a gazetteer):
        ``(state, parts)``, the state naming its parts by number. A command unpacks a
        part only when it needs it: one that names one place reads one bucket of exact
        names, and one that gives coordinates the few grid cells around them, instead
        of all 20,000 places (``chooser.storage.index`` keeps the parts apart, each read
        from the file when first asked for)."""
        import marshal
        import zlib

        parts: list[bytes] = []

        def put(obj: object) -> int:
            # equal names, codes and towns written once each: a third of the bytes
            parts.append(marshal.dumps(share_equal(obj, {})))
            return len(parts) - 1

        buckets: list[dict[str, list[tuple]]] = [{} for _ in range(EXACT_BUCKETS)]
        for key, found in self.exact.items():
            b = buckets[zlib.crc32(key.encode()) % EXACT_BUCKETS]
            b[key] = [self.entries[i] for i in found]
        state = (tuple((m.code, m.name, m.county, m.lat, m.lon)
                       for m in self.municipalities.values()),
                 {code: [tuple(r) for r in rows] for code, rows in self.areas.items()},
                 put((self.entries, self.keys, self.exact, self.sorted_keys)),
                 put((self.postcodes, self.sorted_postcodes)),
                 tuple(put(b) for b in buckets),
                 {cell: put(es) for cell, es in self._grid().items()})
        return state, tuple(parts)

    @classmethod
    def from_state(cls, state: tuple, part: Callable[[int], bytes]) -> Gazetteer:
        """The gazetteer of ``to_state``'s state; ``part(i)`` gives its i-th part."""
        municipalities, areas, main, postcodes, exact, grid = state
        g = cls.__new__(cls)
        g.municipalities = {m[0]: Municipality(*m) for m in municipalities}
        g._postcodes = g._sorted_postcodes = None
        g._packed_postcodes = postcodes
        g.areas = {code: [AreaEvidence(*r) for r in rows] for code, rows in areas.items()}
        g._by_name = None
        g._grid_cells = None
        g._packed = Packed(part, main, exact, grid)
        return g

    def __getattr__(self, name: str) -> object:
        # entries, keys, exact, sorted_keys of a gazetteer read from its index: unpacked
        # on first use (only called for attributes not yet set)
        packed = self.__dict__.get("_packed")
        if name in ("entries", "keys", "exact", "sorted_keys") and packed is not None:
            import marshal

            self.entries, self.keys, self.exact, self.sorted_keys = marshal.loads(
                packed.part(packed.main))
            return self.__dict__[name]
        raise AttributeError(name)

    def unpack(self) -> Gazetteer:
        """Every part unpacked now, for a process that will search many times (the app
        does this in a worker while its first screen is read, so that no keystroke
        waits for it)."""
        _ = self.keys, self.postcodes
        self._grid()
        return self

    def _exact_entries(self, key: str) -> list[tuple]:
        """The places whose folded name is ``key``."""
        if "exact" not in self.__dict__ and self._packed is not None:
            import marshal
            import zlib

            packed = self._packed
            bucket = packed.exact[zlib.crc32(key.encode()) % EXACT_BUCKETS]
            return marshal.loads(packed.part(bucket)).get(key, [])
        return [self.entries[i] for i in self.exact.get(key, [])]

    @property
    def postcodes(self) -> dict[str, tuple[str, str, float, float]]:
        """postcode → (post town, municipality code, lat, lon)."""
        if self._postcodes is None:
            self._unpack_postcodes()
        assert self._postcodes is not None
        return self._postcodes

    @property
    def sorted_postcodes(self) -> list[str]:
        if self._sorted_postcodes is None:
            self._unpack_postcodes()
        assert self._sorted_postcodes is not None
        return self._sorted_postcodes

    def _unpack_postcodes(self) -> None:
        import marshal

        assert self._packed_postcodes is not None
        assert self._packed is not None
        self._postcodes, self._sorted_postcodes = marshal.loads(
            self._packed.part(self._packed_postcodes))
        self._packed_postcodes = None

    def with_areas(self, areas: dict[str, list[AreaEvidence]]) -> Gazetteer:
        """A copy sharing every index but the municipality → area mapping."""
        g = Gazetteer.__new__(Gazetteer)
        g.__dict__.update(self.__dict__)
        g.areas = areas
        return g

    def _match(self, name: str, kind: str, code: str, lat: float, lon: float,
               score: float) -> GeoMatch:
        m = self.municipalities[code]
        rows = self.evidence_for(code)
        return GeoMatch(name, kind, m.name, code, tuple(r.area for r in rows),
                        rows[0].source if rows else "none", lat, lon, round(score, 1),
                        tuple(rows))

    # --- lookup ------------------------------------------------------------------------

    def lookup(self, text: str, limit: int = 5) -> list[GeoMatch]:
        """Ranked matches for free text: a postcode, a place or a municipality."""
        q = clean_query(text)
        number = postcode(q)
        if number is not None:
            hit = self.postcodes.get(number)
            if hit is None:
                return []
            _town, code, lat, lon = hit
            return [self._match(self._postcode_name(number), "postcode", code, lat, lon,
                                100.0)]
        # a name typed in Cyrillic is matched in each of its Latin spellings, best kept
        keys = [fold(s) for s in _spellings(q)]
        if len(keys[0].replace(" ", "")) < 2 or not any(c.isalpha() for c in keys[0]):
            return []
        named = self._exact_entries(keys[0]) if len(keys) == 1 else []
        if 0 < limit <= len(named):
            # an exact name scores 100 and nothing else can (fuzzy and prefix scores stop
            # below), so the fuzzy search could only add matches that come after these:
            # `rank --place Ludvika` needs neither rapidfuzz nor the whole index
            named.sort(key=lambda e: (KIND_ORDER[e[1]], -e[5]))
            return [self._match(e[0], e[1], e[2], e[3], e[4], 100.0) for e in named[:limit]]
        scored: dict[int, float] = {}
        for key in keys:
            for i, score in self._scores(key, limit).items():
                scored[i] = max(scored.get(i, 0.0), score)
        order = sorted(scored, key=lambda i: (-scored[i], KIND_ORDER[self.entries[i][1]],
                                              -self.entries[i][5], self.keys[i]))
        return [self._match(e[0], e[1], e[2], e[3], e[4], scored[i])
                for i in order[:limit] for e in (self.entries[i],)]

    def _scores(self, key: str, limit: int) -> dict[int, float]:
        from rapidfuzz import fuzz, process

        scored: dict[int, float] = {i: 100.0 for i in self.exact.get(key, [])}
        # Plain edit-distance similarity: WRatio's partial matching would score "Or" 90
        # for "Göteborg". A name typed so far ("ludv") is matched as a prefix instead.
        for _k, score, i in process.extract(key, self.keys, scorer=fuzz.ratio,
                                            limit=limit * 4, score_cutoff=MIN_SCORE):
            scored[i] = max(scored.get(i, 0.0), min(99.0, score))
        if len(key) >= 3:
            for i in self.prefixed(key):
                scored[i] = max(scored.get(i, 0.0), 85.0 + 10.0 * len(key) / len(self.keys[i]))
        if len(key) >= 4:
            # a name said without its first word: "Frölunda" for Västra Frölunda, "Backa"
            # for Hisings Backa (plain similarity scores them below "Lunda")
            tail = " " + key
            for i, k in enumerate(self.keys):
                if k.endswith(tail):
                    scored[i] = max(scored.get(i, 0.0), 90.0)
        return scored

    def prefixed(self, key: str, limit: int = 20) -> list[int]:
        """Entries whose folded name starts with ``key`` (bisect on the sorted keys)."""
        import bisect

        lo = bisect.bisect_left(self.sorted_keys, (key, -1))
        out = []
        for k, i in self.sorted_keys[lo:lo + limit]:
            if not k.startswith(key):
                break
            out.append(i)
        return out

    def _postcode_name(self, number: str) -> str:
        return f"{number[:3]} {number[3:]} {self.postcodes[number][0]}"

    def suggestions(self, text: str, limit: int = 3) -> list[str]:
        """Close names for a query that matched nothing (a looser cut-off); for a postcode
        that does not exist, the existing postcodes nearest to it in number."""
        number = postcode(clean_query(text))
        if number is not None:
            import bisect

            at = bisect.bisect_left(self.sorted_postcodes, number)
            near = self.sorted_postcodes[max(0, at - limit):at + limit]
            near = sorted(near, key=lambda p: (abs(int(p) - int(number)), p))[:limit]
            return [self._postcode_name(p) for p in near]
        q = fold(_spellings(clean_query(text))[0])
        if len(q) < 2:
            return []
        from rapidfuzz import fuzz, process

        found = process.extract(q, self.keys, scorer=fuzz.WRatio, limit=limit,
                                score_cutoff=50)
        return [self.entries[i][0] for _k, _s, i in found]

    def _cell(self, cell: tuple[int, int]) -> list:
        if self._grid_cells is None and self._packed is not None:
            import marshal

            packed = self._packed
            number = packed.grid.get(cell)
            return marshal.loads(packed.part(number)) if number is not None else []
        return self._grid().get(cell, [])

    def _grid(self) -> dict[tuple[int, int], list]:
        # Places bucketed by grid cell, so that `simulate` can place 180,000 people
        # without measuring each against every place in Sweden.
        if self._grid_cells is None:
            self._grid_cells = {}
            for e in self.entries:
                self._grid_cells.setdefault(grid_cell(e[3], e[4]), []).append(e)
        return self._grid_cells

    def at(self, lat: float, lon: float) -> GeoMatch | None:
        """The municipality at coordinates: that of the nearest known place in Sweden."""
        south, north, west, east = SWEDEN_BOX
        if not (south <= lat <= north and west <= lon <= east):
            return None
        near = [e for cell in cells_within(lat, lon, MAX_KM_TO_PLACE)
                for e in self._cell(cell)]
        if not near:
            return None
        best = min(near, key=lambda e: (haversine_km(lat, lon, e[3], e[4]), e[0]))
        if haversine_km(lat, lon, best[3], best[4]) > MAX_KM_TO_PLACE:
            return None
        return self._match(f"{lat:.5f}, {lon:.5f}", "coordinates", best[2], lat, lon, 100.0)


def _rows(path: str) -> Iterable[dict[str, str]]:
    import csv  # here, not at the top: ranking imports this module for distances only

    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


TABLES = ("kommuner.csv", "orter.csv", "stadsdelar.csv", "postnummer.csv",
          "kommun-leveransomrade.csv")


def read_gazetteer(directory: str) -> Gazetteer:
    """Build the gazetteer from the tables in ``directory`` (see data/geo/ATTRIBUTION.md);
    ``chooser.storage.geodata`` keeps a prebuilt index of the result."""
    municipalities = [Municipality(r["KOMMUNKOD"], r["KOMMUN"], r["LÄN"], float(r["LAT"]),
                                   float(r["LON"]))
                      for r in _rows(os.path.join(directory, "kommuner.csv"))]
    places: list[tuple[str, str, str, float, float, int]] = [
        (m.name, "municipality", m.code, m.lat, m.lon, 10**9) for m in municipalities
    ]
    places += [(r["ORT"], "locality", r["KOMMUNKOD"], float(r["LAT"]), float(r["LON"]),
                int(r["INVÅNARE"])) for r in _rows(os.path.join(directory, "orter.csv"))]
    # the districts people name (Husby, Skärholmen): no population, so after a locality
    places += [(r["STADSDEL"], "district", r["KOMMUNKOD"], float(r["LAT"]), float(r["LON"]),
                0) for r in _rows(os.path.join(directory, "stadsdelar.csv"))]
    postcodes: dict[str, tuple[str, str, float, float]] = {}
    import csv

    towns: dict[str, Counter] = {}
    with open(os.path.join(directory, "postnummer.csv"), encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader)[:5] == ["POSTNUMMER", "POSTORT", "KOMMUNKOD", "LAT", "LON"]
        for number, town, code, lat, lon, _how in reader:
            town = town.title()
            postcodes[number] = (town, code, float(lat), float(lon))
            towns.setdefault(town, Counter())[(code, lat, lon)] += 1
    # a post town is where most of its postcodes are
    for town, where in towns.items():
        (code, lat, lon), n = where.most_common(1)[0]
        places.append((town, "post town", code, float(lat), float(lon), n))
    return Gazetteer(municipalities, places, postcodes, read_area_table(directory))


AREA_TABLE = "kommun-leveransomrade.csv"


def read_area_table(directory: str) -> dict[str, list[AreaEvidence]]:
    """The committed municipality → area table (``chooser.build.areas`` writes it)."""
    areas: dict[str, list[AreaEvidence]] = {}
    for r in _rows(os.path.join(directory, AREA_TABLE)):
        areas.setdefault(r["KOMMUNKOD"], []).append(AreaEvidence(
            r["LEVERANSOMRÅDE"], r["HÄRLEDNING"], r.get("SÄKERHET") or "low",
            int(r.get("AVTAL") or 0), int(r.get("KONTOR") or 0)))
    return areas
