"""Statistics on AF's results. Pure functions; no I/O."""

from __future__ import annotations

from chooser.model import ResultRow, Weights


def weighted_result(row: ResultRow, weights: Weights) -> float | None:
    """AF's weighted result measure (viktat resultatmått), recomputed from the level counts:

        Σ_L (RR1_L + RR2_L) × weight_L / (2 × participants)

    None when the contract has no participants (AF publishes no measure then).
    """
    if row.participants == 0:
        return None
    w = (weights.a, weights.b, weights.c)
    total = sum((row.rr1[i] + row.rr2[i]) * w[i] for i in range(3))
    return total / (2 * row.participants)
