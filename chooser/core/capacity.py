"""How many non-choosers a contract can take, from AF's own numbers. Pure.

AF publishes no capacities. What it does publish is how many participants each contract
has in the current follow-up: those who started 11–22 months before it, i.e. twelve
months of intake. So a contract's **intake per month** is its participants ÷ 12.

A simulated population stands for the non-choosers of some stretch of time. AF says
30,466 of 179,334 assignments (17 %) were made without a choice; at that share, the
country's intake per month produces the population in ``months`` months. Over that
stretch a contract takes ``intake × months`` participants in all; the fallback may send
it non-choosers up to ``headroom`` times that (default 1.5). AF's nearest-office rule is
never limited: it is what happens today, and the report shows where it goes over.

The fallback never makes a contract fuller than the larger of its limit and what the
nearest-office rule already sends it: a person is only ever moved for a reliable gain,
so somebody whose nearest contract is "full" stays there rather than being moved for
nothing.
"""

from __future__ import annotations

import math

from chooser.core.dataset import Dataset
from chooser.core.namedrecord import record

HEADROOM = 1.5
FOLLOW_UP_MONTHS = 12
"""AF counts participants who started 11–22 months before a follow-up: twelve months."""
NONCHOOSER_SHARE = 30_466 / 179_334
"""AF: assignments made without an active choice, of all ROM2 assignments (early 2025)."""


class Capacity(record("Capacity", "intake months headroom flat",
                      defaults=(None,))):
    """``intake``: KA → estimated participants per month; ``months``: the stretch of time
    the population stands for; ``headroom``: the multiple of intake the fallback may
    send (None = no limit); ``flat``: instead, the same limit for every contract (the
    old ``--capacity N``, kept for comparison: it ignores how big a contract is)."""

    __slots__ = ()
    intake: dict[str, float]
    months: float
    headroom: float | None
    flat: int | None

    @property
    def limited(self) -> bool:
        return self.headroom is not None or self.flat is not None

    def expected(self, ka: str) -> float:
        """Participants the contract takes over the population's stretch of time."""
        return self.intake.get(ka, 0.0) * self.months

    def limit(self, ka: str) -> int | None:
        """Most non-choosers the fallback may send it; None = no limit."""
        if self.flat is not None:
            return self.flat
        if self.headroom is None:
            return None
        return math.floor(self.headroom * self.expected(ka) + 1e-9)


def estimate(ds: Dataset, people: int, headroom: float | None = HEADROOM,
             share: float = NONCHOOSER_SHARE, flat: int | None = None) -> Capacity:
    """Each contract's intake from its participants in ``ds``'s follow-up, and the months
    a population of ``people`` non-choosers stands for."""
    intake = {r.ka: r.participants / FOLLOW_UP_MONTHS for r in ds.contracts}
    per_month = sum(intake.values()) * share
    months = people / per_month if per_month > 0 else 0.0
    return Capacity(intake, months, None if flat is not None else headroom, flat)
