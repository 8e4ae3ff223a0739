"""Many non-choosers at once: AF's nearest-office rule against the best-performer
fallback, with each contract's capacity. Pure.

The rules are those of :mod:`chooser.core.fallback`, decided once per distinct situation
(area, place, level: 180,000 people live in a few thousand of them). Then the people
are placed all at once by a **min-cost flow** (networkx's network simplex), one delivery
area at a time since nobody leaves theirs: people → the contracts the rules allow them
(their nearest contract always among them) → capacity. The cost is the expected share
getting work or studies given up, so the flow finds the placement with the most
expected results that no capacity forbids — not first come, first served. Two more
terms, both too small to buy a worse contract:

- *equals share the load*: past half its limit a contract costs a little more
  (:data:`SHARE_BAND`, 0.1 points), so contracts that score alike split the people;
- *ties go as for one person*: among options with the same expected rate the single-
  person order (nearer office, then KA) decides, so without capacity every person gets
  exactly what ``chooser fallback`` says for them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from chooser.core.capacity import Capacity
from chooser.core.fallback import (
    CONFIDENCE,
    REACH_FACTOR,
    REACH_MIN_KM,
    Expected,
    Memo,
    Plan,
    plan,
)
from chooser.core.namedrecord import record
from chooser.core.needs import Needs
from chooser.core.ranking import Ranker

SHARE_BAND = 0.001
"""Past half of its limit a contract costs this much expected rate (0.1 points) more."""
_UNIT = 10 ** 6  # the flow's costs are integers: expected rate in millionths …
_TIE = 10 ** 3  # … times this, plus the option's place in the person's own order

Flow = list[tuple[str | None, int]]
"""(KA, people) for one situation, best first; KA None = AF's rule where no office is
known (the area's volume-proportional mix)."""


class Assignment(record("Assignment", "id area level nearest recommended nearest_km "
                                      "recommended_km")):
    """One person: KA numbers (or None) under each rule, and the office distances."""

    __slots__ = ()
    id: str
    area: str | None
    level: str | None
    nearest: str | None
    recommended: str | None
    nearest_km: float | None
    recommended_km: float | None

    @property
    def moved(self) -> bool:
        return self.recommended is not None and self.recommended != self.nearest


class Simulation:
    """Both rules for a population. ``plans``: the rules' decision per situation;
    ``members``: which people (indices) are in it; ``flows``: where they went; loads per
    rule (KA → people). Per-person :meth:`assignments` are built only when asked for."""

    def __init__(self, ids: list[str], plans: dict[Needs, Plan],
                 members: dict[Needs, list[int]], flows: dict[Needs, Flow],
                 capacity: Capacity | None) -> None:
        self.ids, self.plans, self.members, self.flows = ids, plans, members, flows
        self.capacity = capacity
        self.load: dict[str, int] = defaultdict(int)
        self.nearest_load: dict[str, int] = defaultdict(int)
        self.unassigned = self.volume_baseline = self.split_areas = 0
        for key, idx in members.items():
            p = plans[key]
            if p.nearest is not None:
                self.nearest_load[p.nearest.ka] += len(idx)
            if p.baseline is None:
                self.unassigned += len(idx)
            self.split_areas += len(idx) * (len(key.areas) > 1)
            for ka, n in flows.get(key, ()):
                if ka is not None:
                    self.load[ka] += n
                else:
                    self.volume_baseline += n
        self.load = dict(self.load)
        self.nearest_load = dict(self.nearest_load)
        self._assigned: list[Assignment] | None = None

    def assignments(self) -> list[Assignment]:
        """One per person, in input order: the situation's people in input order take
        its contracts best first (deterministic)."""
        if self._assigned is None:
            out: list[Assignment | None] = [None] * len(self.ids)
            for key, idx in self.members.items():
                p = self.plans[key]
                near = p.nearest
                km = {o.ka: o.candidate.distance_km for o in p.moves}
                if near is not None:
                    km[near.ka] = near.distance_km
                slots = [ka for ka, n in self.flows.get(key, ()) for _ in range(n)]
                for j, i in enumerate(idx):
                    ka = slots[j] if j < len(slots) else None
                    out[i] = Assignment(self.ids[i], p.area, key.level,
                                        near.ka if near is not None else None, ka,
                                        near.distance_km if near is not None else None,
                                        km.get(ka) if ka is not None else None)
            self._assigned = out  # type: ignore[assignment]
        return self._assigned  # type: ignore[return-value]


def simulate(ranker: Ranker, people: Sequence[tuple[str, Needs]],
             capacity: Capacity | None = None, *, reach_min_km: float = REACH_MIN_KM,
             reach_factor: float = REACH_FACTOR, confidence: float = CONFIDENCE
             ) -> Simulation:
    plans: dict[Needs, Plan] = {}
    members: dict[Needs, list[int]] = defaultdict(list)
    memo = Memo(ranker)
    for i, (_pid, needs) in enumerate(people):
        # stated needs and limits play no part in the fallback (see plan): drop them
        key = needs if not (needs.languages or needs.remote or needs.accessible
                            or needs.max_km is not None) else \
            Needs(needs.areas, needs.lat, needs.lon, needs.level)
        if key not in plans:
            plans[key] = plan(ranker, key, reach_min_km=reach_min_km,
                              reach_factor=reach_factor, confidence=confidence, memo=memo)
        members[key].append(i)
    flows = _place(plans, members, capacity)
    return Simulation([pid for pid, _n in people], plans, dict(members), flows, capacity)


def _preferences(p: Plan) -> list[tuple[str | None, Expected]]:
    """A situation's options in the single-person order: the moves best first, then
    staying (at the nearest contract, or with AF's rule where no office is known)."""
    out: list[tuple[str | None, Expected]] = [(o.ka, o.estimate) for o in p.moves]
    assert p.baseline is not None
    out.append((p.nearest.ka if p.nearest is not None else None, p.baseline))
    return out


def _place(plans: dict[Needs, Plan], members: dict[Needs, list[int]],
           capacity: Capacity | None) -> dict[Needs, Flow]:
    """Situations with nothing reliably better stay put, and without capacity everybody
    takes their first choice; the rest are placed by one min-cost flow per area."""
    out: dict[Needs, Flow] = {}
    fixed: dict[str, int] = defaultdict(int)
    nearest_load: dict[str, int] = defaultdict(int)
    by_area: dict[str | None, list[Needs]] = defaultdict(list)
    limited = capacity is not None and capacity.limited
    for key, p in plans.items():
        if p.baseline is None:
            continue
        n = len(members[key])
        if p.nearest is not None:
            nearest_load[p.nearest.ka] += n
        if not p.moves or not limited:
            out[key] = [(_preferences(p)[0][0], n)]
            if p.nearest is not None and not p.moves:
                fixed[p.nearest.ka] += n
            continue
        by_area[p.area].append(key)
    assert capacity is not None or not by_area
    for area in sorted(by_area, key=lambda a: a or ""):
        keys = sorted(by_area[area], key=_order)
        out.update(_flow(keys, plans, members, capacity, nearest_load, fixed))  # type: ignore[arg-type]
    return out


def _order(key: Needs) -> tuple:
    return (key.areas, key.lat if key.lat is not None else -1.0,
            key.lon if key.lon is not None else -1.0, key.level or "")


def _flow(keys: list[Needs], plans: dict[Needs, Plan], members: dict[Needs, list[int]],
          capacity: Capacity, nearest_load: dict[str, int], fixed: dict[str, int]
          ) -> dict[Needs, Flow]:
    """One area's min-cost flow. A contract's room is its limit, or what the nearest-
    office rule already sends it if that is more (nobody is moved for nothing), less the
    people who stay there anyway; so the flow is always feasible."""
    import networkx as nx  # only a simulation with capacity needs it

    g = nx.DiGraph()
    total = 0
    contracts: set[str] = set()
    stay = ("stay",)  # AF's rule where no office is known: never full
    prefs = {key: _preferences(plans[key]) for key in keys}

    def node(ka: str | None) -> object:
        return ("k", ka) if ka is not None else stay

    for gi, key in enumerate(keys):
        n = len(members[key])
        total += n
        g.add_node(("g", gi), demand=-n)
        for rank, (ka, est) in enumerate(prefs[key]):
            g.add_edge(("g", gi), node(ka), weight=-round(est.rate * _UNIT) * _TIE + rank,
                       capacity=n)
            if ka is not None:
                contracts.add(ka)
    band = round(SHARE_BAND * _UNIT) * _TIE
    for ka in sorted(contracts):
        limit = capacity.limit(ka)
        assert limit is not None
        room = max(0, max(limit, nearest_load.get(ka, 0)) - fixed.get(ka, 0))
        half = (room + 1) // 2
        g.add_edge(("k", ka), "sink", weight=0, capacity=half)
        if room > half:  # the second half through its own node: one edge per node pair
            g.add_edge(("k", ka), ("k2", ka), weight=band, capacity=room - half)
            g.add_edge(("k2", ka), "sink", weight=0, capacity=room - half)
    if g.has_node(stay):
        g.add_edge(stay, "sink", weight=0, capacity=total)
    g.add_node("sink", demand=total)
    _cost, flow = nx.network_simplex(g)
    out = {}
    for gi, key in enumerate(keys):
        sent = flow[("g", gi)]
        out[key] = [(ka, sent[node(ka)]) for ka, _est in prefs[key] if sent.get(node(ka), 0)]
    return out
