"""Shrinkage of small samples: honest numbers, never ranked as if certain."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chooser.core.stats import beta_cdf, beta_ppf, prior_strength, shrink


def test_beta_cdf_known_values():
    assert beta_cdf(0.5, 2, 2) == pytest.approx(0.5)
    assert beta_cdf(0.3, 1, 1) == pytest.approx(0.3)
    # Beta(2, 5) CDF at 0.2 = 1 - (1-x)^5 (1 + 5x) for integer parameters... check by sum
    x = 0.2
    exact = sum(math.comb(6, j) * x**j * (1 - x) ** (6 - j) for j in range(2, 7))
    assert beta_cdf(x, 2, 5) == pytest.approx(exact, rel=1e-9)
    assert beta_ppf(beta_cdf(0.37, 7.5, 3.2), 7.5, 3.2) == pytest.approx(0.37, abs=1e-9)


def test_three_lucky_participants_do_not_outrank_a_hundred_and_twenty():
    prior, m = 0.25, prior_strength([(2, 3), (60, 120), (10, 40), (8, 35)])
    lucky = shrink(2, 3, prior, m)      # 67 % raw, from 3 people
    solid = shrink(48, 120, prior, m)   # 40 % raw, from 120 people
    assert lucky.rate < solid.rate
    assert lucky.high - lucky.low > solid.high - solid.low


@given(k=st.integers(0, 300), extra=st.integers(0, 300),
       prior=st.floats(0.01, 0.99), strength=st.floats(1, 300))
def test_shrunk_rate_lies_between_raw_and_prior_inside_its_interval(k, extra, prior, strength):
    n = k + extra
    s = shrink(k, n, prior, strength)
    raw = k / n if n else s.prior
    assert min(raw, s.prior) - 1e-9 <= s.rate <= max(raw, s.prior) + 1e-9
    assert 0 <= s.low <= s.rate <= s.high <= 1


@given(k=st.integers(0, 50), extra=st.integers(0, 50))
def test_more_results_never_lower_the_rate(k, extra):
    n = k + extra + 1
    assert shrink(k + 1, n, 0.3, 20).rate >= shrink(k, n, 0.3, 20).rate


def test_more_participants_narrow_the_interval():
    widths = [shrink(round(0.4 * n), n, 0.3, 20) for n in (5, 50, 500)]
    assert widths[0].high - widths[0].low > widths[1].high - widths[1].low > \
        widths[2].high - widths[2].low


def test_prior_strength_on_real_areas(af_dataset):
    """On AF's real May 2026 file the strength lands inside its bounds for most areas."""
    strengths = []
    for rows in af_dataset.by_area.values():
        counts = [(r.rr1[1], r.n[1]) for r in rows]  # level B, got work or studies
        strengths.append(prior_strength(counts))
    assert all(5 <= s <= 200 for s in strengths)
    assert len({round(s) for s in strengths}) > 5  # it really depends on the area


@given(a=st.floats(1, 2000), b=st.floats(1, 2000), q=st.sampled_from([0.05, 0.16, 0.5, 0.95]))
@example(a=2.5, b=2.5, q=0.05)  # CI found it: the shortcut's tolerance must bound x
def test_beta_quantile_inverts_the_cdf(a, b, q):
    exact = beta_ppf(q, a, b)
    assert beta_cdf(exact, a, b) == pytest.approx(q, abs=1e-9)
    fast = beta_ppf(q, a, b, 1e-3)  # the shortcut used for displayed intervals
    assert abs(fast - exact) < 1e-3


@given(k=st.integers(0, 400), extra=st.integers(0, 400), prior=st.floats(0.01, 0.99),
       strength=st.floats(10, 200))
def test_the_cautious_rate_rises_with_every_result(k, extra, prior, strength):
    n = k + extra + 1
    assert shrink(k + 1, n, prior, strength).cautious >= shrink(k, n, prior, strength).cautious
