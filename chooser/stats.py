"""Statistics on AF's results. Pure functions; no I/O."""

from __future__ import annotations

import math

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


# --- small samples: shrink toward the area, with an interval ------------------------------
#
# A contract with 3 participants and 2 results must not outrank one with 120 participants
# and 60 results on luck. Each rate is shrunk toward its area's rate for the same level
# (beta-binomial, empirical Bayes): the area's rate is a prior worth ``strength``
# participants, so small samples stay near it and large ones speak for themselves.


class Shrunk:
    """A shrunk rate with its 90 % credible interval and the raw counts behind it."""

    __slots__ = ("high", "k", "low", "n", "prior", "rate")

    def __init__(self, rate: float, low: float, high: float, k: int, n: int,
                 prior: float) -> None:
        self.rate, self.low, self.high, self.k, self.n, self.prior = rate, low, high, k, n, prior

    def __repr__(self) -> str:
        return (f"Shrunk(rate={self.rate:.3f}, low={self.low:.3f}, high={self.high:.3f}, "
                f"k={self.k}, n={self.n})")


def prior_strength(counts: list[tuple[int, int]], lo: float = 5.0, hi: float = 200.0) -> float:
    """How many participants the area's rate is worth, from how much contracts differ.

    Method of moments: the spread of the contracts' rates beyond what binomial noise
    explains is the real between-contract variance v; a Beta prior with mean p and
    variance v has strength p(1-p)/v - 1. Clamped to [lo, hi] so one area cannot make
    every contract look the same or every sample look certain.
    """
    used = [(k, n) for k, n in counts if n > 0]
    total_n = sum(n for _k, n in used)
    if len(used) < 2 or total_n == 0:
        return lo * 4
    p = sum(k for k, _n in used) / total_n
    if p <= 0 or p >= 1:
        return hi
    spread = sum(n * (k / n - p) ** 2 for k, n in used) / total_n
    noise = p * (1 - p) * len(used) / total_n
    between = spread - noise
    if between <= 0:
        return hi
    return min(hi, max(lo, p * (1 - p) / between - 1))


def shrink(k: int, n: int, prior: float, strength: float, level: float = 0.90) -> Shrunk:
    """The posterior mean of Beta(k + m·p, n - k + m·(1-p)) and its central interval.

    The prior is worth at least one success and one failure: below that the Beta is so
    skewed that its mean can lie outside its own 90 % interval, which no one could read.
    ``Shrunk.prior`` is the prior mean actually used.
    """
    a0 = max(1.0, strength * prior)
    b0 = max(1.0, strength * (1 - prior))
    a, b = k + a0, (n - k) + b0
    tail = (1 - level) / 2
    return Shrunk(a / (a + b), beta_ppf(tail, a, b), beta_ppf(1 - tail, a, b), k, n,
                  a0 / (a0 + b0))


def _betacf(a: float, b: float, x: float) -> float:
    # continued fraction for the incomplete beta function (Lentz's method)
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if math.fabs(delta - 1.0) < 1e-12:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """Regularized incomplete beta I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    ln = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
          + a * math.log(x) + b * math.log1p(-x))
    front = math.exp(ln)
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def beta_ppf(q: float, a: float, b: float) -> float:
    """The q-quantile of Beta(a, b), by bisection (60 halvings: exact to 1e-18)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if beta_cdf(mid, a, b) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
