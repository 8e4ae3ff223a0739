"""How far a participant is from each contract's offices. Pure.

Worked out once per dataset and kept: each office's trigonometry, and a grid of cells →
contracts with an office there, so that "which offices are near this point" needs no
measuring to every office in Sweden.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from chooser.core.distance import EARTH_KM, cells_within, grid_cell
from chooser.core.model import Office

REACH_MIN_KM = 20.0
REACH_FACTOR = 2.0


def reach_km(nearest_km: float, max_km: float | None = None, *,
             reach_min_km: float = REACH_MIN_KM, reach_factor: float = REACH_FACTOR) -> float:
    """How far results alone decide: the participant's own limit when given, else the
    larger of 20 km and twice the nearest office's distance — the reach the fallback
    uses, so that nobody is sent much farther than AF's own rule would send them."""
    if max_km is not None:
        return max_km
    return max(reach_min_km, reach_factor * nearest_km)


def office_cells(offices: Mapping[str, tuple[Office, ...]]
                 ) -> dict[tuple[int, int], tuple[str, ...]]:
    """Grid cell (``chooser.core.distance.grid_cell``) → KA numbers with an office in it."""
    grid: dict[tuple[int, int], set[str]] = {}
    for ka, offices_ in offices.items():
        for o in offices_:
            grid.setdefault(grid_cell(o.lat, o.lon), set()).add(ka)
    return {c: tuple(sorted(kas)) for c, kas in grid.items()}


class OfficeIndex:
    """``offices``: ka → offices, or a function giving them on first use (a dataset read
    from its index unpacks its offices only when a distance is asked for); ``cells``:
    :func:`office_cells` of them when an index kept it, else worked out when needed."""

    def __init__(self, offices: Mapping[str, tuple[Office, ...]]
                 | Callable[[], Mapping[str, tuple[Office, ...]]],
                 cells: dict[tuple[int, int], tuple[str, ...]] | None = None) -> None:
        self._offices = offices
        self._grid = cells
        self._near_asked = 0
        self._trig: dict[str, list[tuple[float, float, float, str]]] = {}

    @property
    def offices(self) -> Mapping[str, tuple[Office, ...]]:
        if callable(self._offices):
            self._offices = self._offices()
        return self._offices

    def __bool__(self) -> bool:
        return bool(self.offices)

    def _cells(self) -> dict[tuple[int, int], tuple[str, ...]]:
        if self._grid is None:
            self._grid = office_cells(self.offices)
        return self._grid

    def near(self, lat: float, lon: float, km: float) -> list[str]:
        """KA numbers that may have an office within ``km`` (a superset: measure each).

        Without a kept grid, the first question is answered by a scan of every office
        against a box around the point (a command asks once: building the grid would
        cost it more); from the second on (the app, a simulation) the grid answers."""
        self._near_asked += 1
        if self._near_asked == 1 and self._grid is None:
            dlat = km / 111.0 + 0.01  # a degree of latitude is ~111 km everywhere
            dlon = km / max(1.0, 111.0 * math.cos(math.radians(min(abs(lat) + dlat, 89.0))))
            return [ka for ka, offices in self.offices.items()
                    if any(abs(o.lat - lat) <= dlat and abs(o.lon - lon) <= dlon + 0.01
                           for o in offices)]
        grid = self._cells()
        seen: dict[str, None] = {}
        for cell in cells_within(lat, lon, km):
            for ka in grid.get(cell, ()):
                seen.setdefault(ka)
        return list(seen)

    def _office_trig(self, ka: str) -> list[tuple[float, float, float, Office]]:
        """A contract's offices with their trigonometry worked out once per dataset."""
        trig = self._trig.get(ka)
        if trig is None:
            trig = self._trig[ka] = [
                (math.radians(o.lat), math.radians(o.lon), math.cos(math.radians(o.lat)), o)
                for o in self.offices.get(ka, ())]
        return trig

    def nearest(self, ka: str, lat: float | None, lon: float | None
                ) -> tuple[float | None, Office | None]:
        """(km, office) of the contract's office nearest the point; (None, None) unknown."""
        if lat is None or lon is None:
            return None, None
        offices = self._office_trig(ka)
        if not offices:
            return None, None
        p, l0 = math.radians(lat), math.radians(lon)
        cp = math.cos(p)
        sin = math.sin
        best, nearest = 4.0, offices[0][3]
        for olat, olon, ocos, office in offices:  # haversine, in its squared-chord form
            h = sin((olat - p) / 2) ** 2 + cp * ocos * sin((olon - l0) / 2) ** 2
            if h < best:
                best, nearest = h, office
        return 2 * EARTH_KM * math.asin(math.sqrt(best)), nearest
