"""The synthetic population: seeded, spread by AF's area volumes, each person's level
drawn from their area's mix, and readable by `chooser simulate`."""

from __future__ import annotations

import csv
from collections import Counter

from chooser.build.population import COLUMNS, generate, write
from chooser.geo.locate import gazetteer_for
from chooser.storage.geodata import load_gazetteer
from tests.conftest import run_cli


def test_spread_like_afs_volumes_and_seeded(af_dataset, tmp_path):
    gaz = gazetteer_for(af_dataset, load_gazetteer())
    people = generate(af_dataset, gaz, size=20_000, seed=3)
    assert people == generate(af_dataset, gaz, size=20_000, seed=3)
    assert people != generate(af_dataset, gaz, size=20_000, seed=4)
    assert abs(len(people) - 20_000) < len(af_dataset.areas())  # rounding per area only
    total = sum(r.participants for r in af_dataset.contracts)
    per_area = Counter(p[4] for p in people)
    for area in ("Stockholm Mitt", "Malmö", "Ludvika"):
        share = sum(r.participants for r in af_dataset.by_area[area]) / total
        assert abs(per_area[area] - 20_000 * share) <= 1
    # the level mix is the area's own: Stockholm Mitt's people by level, within noise
    rows = af_dataset.by_area["Stockholm Mitt"]
    n = [sum(r.n[i] for r in rows) for i in range(3)]
    got = Counter(p[3] for p in people if p[4] == "Stockholm Mitt")
    for i, level in enumerate("ABC"):
        assert abs(got[level] / per_area["Stockholm Mitt"] - n[i] / sum(n)) < 0.05
    f = tmp_path / "people.csv"
    write(str(f), people[:50])
    with open(f, encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == list(COLUMNS)
    p = run_cli("simulate", "--participants", str(f), "--json")
    assert p.returncode == 0, p.stderr
