"""Many non-choosers at once: AF's nearest-office rule against the best-performer
fallback, as the expected share getting work or studies. Pure.

A *rate* is the mean, over the participants, of the expected share getting work or
studies (the shrunk RR1 rate for their level; for an unknown level, averaged over the
area's level mix) at the contract each rule gives them. Where no office is known, AF's
rule cannot be applied; its stand-in is the area's volume-proportional mix — a
participant goes to each contract in proportion to the participants it has now — and
the result says for how many participants that was done.
"""

from __future__ import annotations

from collections.abc import Sequence

from chooser.core.fallback import Assignment, assign
from chooser.core.namedrecord import record
from chooser.core.ranking import Needs, Ranker


class Simulation(record("Simulation",
                        "assigned load nearest_rate recommended_rate "
                        "volume_baseline unassigned split_areas")):
    __slots__ = ()
    assigned: list[Assignment]
    load: dict[str, int]
    nearest_rate: float | None
    recommended_rate: float | None
    volume_baseline: int  # participants whose baseline is the volume-proportional mix
    unassigned: int
    split_areas: int  # participants whose municipality is split between areas


def simulate(ranker: Ranker, people: Sequence[tuple[str, Needs]],
             capacity: int | None = None) -> Simulation:
    assigned, load = assign(ranker, people, capacity)
    ds = ranker.ds
    volume_cache: dict[tuple[tuple[str, ...], str | None], float | None] = {}

    def volume_rate(needs: Needs) -> float | None:
        key = (needs.areas, needs.level)
        if key not in volume_cache:
            rows = [r for a in needs.areas for r in ds.by_area.get(a, ())
                    if ranker.exclusion(r) is None and r.participants > 0]
            total = sum(r.participants for r in rows)
            volume_cache[key] = (sum(r.participants * ranker.expected_work_rate(r, needs.level)
                                     for r in rows) / total) if total else None
        return volume_cache[key]

    near_sum = rec_sum = 0.0
    near_n = rec_n = volume = unassigned = split = 0
    for a, (_pid, needs) in zip(assigned, people, strict=True):
        split += len(needs.areas) > 1
        if a.nearest is not None:
            near_sum += ranker.expected_work_rate(ds.by_ka[a.nearest], a.level)
            near_n += 1
        else:
            v = volume_rate(needs)
            if v is not None:
                near_sum += v
                near_n += 1
                volume += 1
        if a.recommended is not None:
            rec_sum += ranker.expected_work_rate(ds.by_ka[a.recommended], a.level)
            rec_n += 1
        else:
            unassigned += 1
    return Simulation(assigned, load, near_sum / near_n if near_n else None,
                      rec_sum / rec_n if rec_n else None, volume, unassigned, split)
