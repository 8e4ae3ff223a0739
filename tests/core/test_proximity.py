"""The office index answers "which offices are near" alike by its first-question scan and
by its grid: at every municipality, within 5, 30 and 60 km, on AF's real offices."""

from __future__ import annotations

import pytest

from chooser.core.distance import haversine_km
from chooser.core.proximity import OfficeIndex
from chooser.storage.geodata import load_gazetteer
from chooser.storage.load import load_directory
from chooser.storage.paths import snapshot_dir


@pytest.mark.parametrize("km", [5.0, 30.0, 60.0])
def test_the_first_scan_and_the_grid_find_the_same_offices(km):
    ds = load_directory(snapshot_dir())
    assert ds.offices  # AF's real office list is in the embedded data

    def within(kas, lat, lon):
        return {ka for ka in kas if any(haversine_km(lat, lon, o.lat, o.lon) <= km
                                        for o in ds.offices[ka])}

    for m in load_gazetteer().municipalities.values():
        index = OfficeIndex(ds.offices)
        scanned = index.near(m.lat, m.lon, km)  # the first question: the scan
        gridded = index.near(m.lat, m.lon, km)  # the second: the grid
        assert within(scanned, m.lat, m.lon) == within(gridded, m.lat, m.lon), m.name


def test_the_grid_the_index_keeps_is_the_grid_of_the_offices():
    """The committed index keeps the grid of offices (so `rank --place` unpacks none to
    find what is near); it is the grid the offices give, and it answers as the scan."""
    from chooser.core.proximity import office_cells

    ds = load_directory(snapshot_dir())
    assert ds.precomputed is not None and ds.precomputed.office_cells
    assert ds.precomputed.office_cells == office_cells(dict(ds.offices.items()))
    for m in list(load_gazetteer().municipalities.values())[::7]:
        kept = OfficeIndex(ds.offices, ds.precomputed.office_cells)
        scan = OfficeIndex(ds.offices)
        assert set(kept.near(m.lat, m.lon, 30.0)) >= {
            ka for ka in scan.near(m.lat, m.lon, 30.0)
            if any(haversine_km(m.lat, m.lon, o.lat, o.lon) <= 30.0 for o in ds.offices[ka])}
