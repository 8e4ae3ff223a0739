"""Index a directory chooser manages (the snapshot, an update, the demo world).

The figures an index keeps beside the dataset are worked out here by the code that owns
them — the ranking's yardstick (``core.evidence``) and where the contracts' offices are
(``geo.offices``) — and handed to the index typed; the index itself computes nothing.
"""

from __future__ import annotations

from chooser.core.dataset import Dataset, Precomputed
from chooser.core.evidence import estimate_strengths
from chooser.core.proximity import office_cells
from chooser.storage.index import source_files, write_index

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.geo.gazetteer import Gazetteer


def precompute(ds: Dataset, gazetteer: Gazetteer | None = None) -> Precomputed:
    office_areas = None
    if ds.offices:
        from chooser.geo.offices import office_areas as place_offices
        from chooser.storage.geodata import load_places

        office_areas = place_offices(load_places(gazetteer), ds)
    cells = office_cells(ds.offices) if ds.offices else None
    return Precomputed(estimate_strengths(ds), office_areas, office_consistency(ds), cells)


def office_consistency(ds: Dataset) -> dict[str, list[str]] | None:
    """The office list against the results (see ``chooser.geo.offices.consistency``);
    None without office data."""
    if not ds.offices:
        return None
    from chooser.geo.offices import consistency as check
    from chooser.storage.geodata import geo_dir, load_places

    if ds.area_map:  # AF's own table: its names need the gazetteer to become codes
        from chooser.geo.locate import gazetteer_for
        from chooser.storage.geodata import load_gazetteer

        gaz = load_gazetteer()
        table = gazetteer_for(ds, gaz).areas
        places = load_places(gaz)
    else:  # the committed tables only: a few milliseconds, no gazetteer
        from chooser.geo.gazetteer import read_area_table

        present = set(ds.by_area)
        table = {code: [r for r in rows if r.area in present]
                 for code, rows in read_area_table(geo_dir()).items()}
        places = load_places()
    return check(places, ds, table)


def index_directory(directory: str, ds: Dataset, gazetteer: Gazetteer | None = None) -> str:
    """Write ``directory``'s index for ``ds`` (its sources are the directory's files) and
    give ``ds`` the same figures, so that the caller's copy is as good as a loaded one."""
    pre = precompute(ds, gazetteer)
    ds.precomputed = pre
    return write_index(directory, source_files(directory), ds, pre)
