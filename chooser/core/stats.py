"""Statistics on AF's results. Pure functions; no I/O."""

from __future__ import annotations

import math

from chooser.core.model import ResultRow, Weights


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


class _Bounded:
    """``low`` and ``high`` of an interval that a subclass works out in ``_bounds()``."""

    __slots__ = ()

    def _bounds(self) -> tuple[float, float]:
        raise NotImplementedError

    @property
    def low(self) -> float:
        return self._bounds()[0]

    @property
    def high(self) -> float:
        return self._bounds()[1]


class Shrunk(_Bounded):
    """A shrunk rate with its 90 % credible interval and the raw counts behind it.

    The mean is what ranking needs and costs nothing; the interval needs two Beta
    quantiles and is computed only when someone reads it (a ranked list shows ten).
    """

    __slots__ = ("_a", "_b", "_interval", "k", "level", "n", "prior", "rate")

    def __init__(self, k: int, n: int, a: float, b: float, prior: float,
                 level: float = 0.90) -> None:
        self.k, self.n, self.prior, self.level = k, n, prior, level
        self._a, self._b = a, b
        self.rate = a / (a + b)
        self._interval: tuple[float, float] | None = None

    def _bounds(self) -> tuple[float, float]:
        if self._interval is None:
            tail = (1 - self.level) / 2
            # shown in whole per cent: an error below 1e-3 is invisible, and for large a
            # and b it spares all the Newton steps
            self._interval = (beta_ppf(tail, self._a, self._b, 1e-3),
                              beta_ppf(1 - tail, self._a, self._b, 1e-3))
        return self._interval

    @property
    def sd(self) -> float:
        a, b = self._a, self._b
        return math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))

    @property
    def cautious(self) -> float:
        """The rate less one posterior standard deviation (about the 16th percentile): a
        rate the contract reaches with little doubt. Ranking by it means a small sample
        must show more than luck to come first. It still rises with every added result:
        the prior is worth at least one success and one failure, which bounds how fast
        the deviation can grow (tests/core/test_stats.py checks it)."""
        return self.rate - self.sd

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
    return pooled_strength([counts], lo, hi)


def pooled_strength(groups: list[list[tuple[int, int]]], lo: float = 5.0,
                    hi: float = 200.0) -> float:
    """:func:`prior_strength` with the spread measured inside each group (area) around
    the group's own rate, pooled over the groups: how much contracts in the same area
    really differ, estimated from the whole country rather than from five contracts."""
    spread = noise = 0.0
    total_n = total_k = 0
    used_groups = 0
    for counts in groups:
        used = [(k, n) for k, n in counts if n > 0]
        n_g = sum(n for _k, n in used)
        if len(used) < 2 or n_g == 0:
            continue
        k_g = sum(k for k, _n in used)
        p = k_g / n_g
        spread += sum(n * (k / n - p) ** 2 for k, n in used)
        noise += p * (1 - p) * (len(used) - 1)
        total_n += n_g
        total_k += k_g
        used_groups += 1
    if used_groups == 0:
        return lo * 4
    p = total_k / total_n
    if p <= 0 or p >= 1:
        return hi
    between = (spread - noise) / total_n
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
    return Shrunk(k, n, k + a0, (n - k) + b0, a0 / (a0 + b0), level)


# --- what happened, and the estimate for people like you ---------------------------------


def exact_interval(k: int, n: int, level: float = 0.90) -> tuple[float, float]:
    """Clopper–Pearson: the central interval that covers the true share at least
    ``level`` of the time whatever it is — what ``k`` of ``n`` allows, with no prior.
    (0, 1) when there is no one to count."""
    if n <= 0:
        return 0.0, 1.0
    tail = (1 - level) / 2
    low = 0.0 if k <= 0 else beta_ppf(tail, k, n - k + 1, 1e-4)
    high = 1.0 if k >= n else beta_ppf(1 - tail, k + 1, n - k, 1e-4)
    return low, high


class Estimate(_Bounded):
    """One share at one contract: what happened (``k`` of ``n``) and, named apart, the
    estimate for people like you (``rate``, with an interval).

    The interval is the wider of the model's (its mean and spread as a Beta) and the
    exact interval of ``k`` of ``n``: borrowing from the area narrows the estimate, but
    never below what the counts themselves allow (4 of 6 is compatible with 27–94 %, and
    saying 58–75 % would claim knowledge nobody has). Worked out only when read.
    """

    __slots__ = ("_interval", "k", "level", "n", "prior", "rate", "sd")

    def __init__(self, k: int, n: int, rate: float, sd: float, prior: float,
                 level: float = 0.90) -> None:
        self.k, self.n, self.rate, self.sd, self.prior, self.level = k, n, rate, sd, prior, level
        self._interval: tuple[float, float] | None = None

    @property
    def observed(self) -> float | None:
        """The share that happened, k / n; None with no participants."""
        return self.k / self.n if self.n else None

    def _bounds(self) -> tuple[float, float]:
        if self._interval is None:
            tail = (1 - self.level) / 2
            m = min(max(self.rate, 1e-4), 1 - 1e-4)
            strength = m * (1 - m) / max(self.sd, 1e-6) ** 2 - 1
            if strength > 0:
                a, b = m * strength, (1 - m) * strength
                low, high = beta_ppf(tail, a, b, 1e-3), beta_ppf(1 - tail, a, b, 1e-3)
            else:
                low, high = 0.0, 1.0
            if self.n > 0:
                e_low, e_high = exact_interval(self.k, self.n, self.level)
                low, high = min(low, e_low), max(high, e_high)
            self._interval = (min(low, self.rate), max(high, self.rate))
        return self._interval

    def __repr__(self) -> str:
        return (f"Estimate({self.k} of {self.n}, rate={self.rate:.3f}, "
                f"low={self.low:.3f}, high={self.high:.3f})")


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


def beta_ppf(q: float, a: float, b: float, tol: float = 1e-12) -> float:
    """The q-quantile of Beta(a, b): Newton steps on the CDF, kept inside a bracket that
    bisection narrows whenever a step would leave it (exact to ~1e-12 in a few steps)."""
    lo, hi = 0.0, 1.0
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    z = math.sqrt(-2 * math.log(min(q, 1 - q)))  # normal quantile (Hastings, ±5e-4)
    z -= (2.515517 + 0.802853 * z + 0.010328 * z * z) / (
        1 + 1.432788 * z + 0.189269 * z * z + 0.001308 * z ** 3)
    z = z if q > 0.5 else -z
    # Cornish–Fisher with the Beta's skewness: with a and b both 20 or more (nearly every
    # contract once shrunk toward its area) it is within 1e-3 and needs no iteration.
    skew = 2 * (b - a) * math.sqrt(a + b + 1) / ((a + b + 2) * math.sqrt(a * b))
    x = min(max(mean + sd * (z + (z * z - 1) * skew / 6), 1e-9), 1 - 1e-9)
    if tol >= 1e-3 and min(a, b) >= 20:
        return x
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    for _ in range(100):
        f = beta_cdf(x, a, b) - q
        if abs(f) < 1e-12:
            return x
        if f < 0:
            lo = x
        else:
            hi = x
        pdf = math.exp(log_norm + (a - 1) * math.log(x) + (b - 1) * math.log1p(-x))
        step = x - f / pdf if pdf > 0 else -1.0
        if lo < step < hi:
            if abs(step - x) < tol:  # ``tol`` bounds the error in x, not in the CDF
                return step
            x = step
        else:
            x = (lo + hi) / 2
        if hi - lo < max(tol, 1e-13):
            break
    return x
