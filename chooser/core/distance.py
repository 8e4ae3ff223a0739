"""Great-circle distance, and a grid for "what is near this point", in km.

A module of its own so that ranking can measure distances without loading the
gazetteer's text handling.
"""

from __future__ import annotations

import math

EARTH_KM = 6371.0088  # mean radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


# Cells of 0.5° latitude (55.6 km) by 1° longitude (≥ 38 km up to 69.5° N).
_CELL_LAT, _CELL_LON = 0.5, 1.0


def grid_cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // _CELL_LAT), int(lon // _CELL_LON)


def cells_within(lat: float, lon: float, km: float) -> list[tuple[int, int]]:
    """Every grid cell holding a point that may lie within ``km`` of (lat, lon)."""
    di = int(km / (111.1 * _CELL_LAT)) + 1
    north = min(abs(lat) + di * _CELL_LAT, 89.0)  # cells are narrowest at the far edge
    dj = int(km / (111.3 * _CELL_LON * math.cos(math.radians(north)))) + 1
    i, j = grid_cell(lat, lon)
    return [(i + a, j + b) for a in range(-di, di + 1) for b in range(-dj, dj + 1)]
