"""One participant's situation, and whether a contract meets each need they stated. Pure.

Needs are needs: a contract known not to meet a stated need ranks below every contract
that meets it or whose data is unknown (a tier, not a score penalty), and unknown data is
said as unknown, never taken as "no".
"""

from __future__ import annotations

from chooser.core.model import Profile
from chooser.core.namedrecord import record


class Needs(record("Needs", "areas lat lon level languages remote accessible max_km",
                   defaults=((), None, None, None, (), False, False, None))):
    """One participant's situation. ``areas`` empty = every area (an analyst's view).

    ``level`` is "A", "B", "C" or None (unknown); ``languages`` ISO 639-1 codes, met when
    a contract offers any of them; ``max_km`` limits travel to the nearest office.
    """

    __slots__ = ()
    areas: tuple[str, ...]
    lat: float | None
    lon: float | None
    level: str | None
    languages: tuple[str, ...]
    remote: bool
    accessible: bool
    max_km: float | None


MET, UNKNOWN, NOT_MET = "met", "unknown", "not met"


def need_states(profile: Profile | None, needs: Needs) -> dict[str, str]:
    """Each stated need as met / unknown / not met."""
    out: dict[str, str] = {}
    if not (needs.languages or needs.remote or needs.accessible):
        return out
    if needs.languages:
        offered = profile.languages if profile is not None else None
        if offered is None:
            out["language"] = UNKNOWN
        else:
            out["language"] = MET if any(c in offered for c in needs.languages) else NOT_MET
    for need, wanted in (("remote", needs.remote), ("accessible", needs.accessible)):
        if wanted:
            value = getattr(profile, need) if profile is not None else None
            out[need] = UNKNOWN if value is None else MET if value else NOT_MET
    return out
