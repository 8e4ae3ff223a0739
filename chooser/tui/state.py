"""What one participant has told the app so far: kept in memory only, never written.

A kiosk reset, "start over" or quitting drops this object; nothing else holds what was
typed (the place input's text lives in its widget, which goes with its screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chooser.core.ranking import Needs
from chooser.geo.locate import Location

TRAVEL_CHOICES = (None, 5.0, 10.0, 20.0, 50.0)  # km; None = no limit


@dataclass
class Participant:
    language: str = "en"
    location: Location | None = None
    level: str | None = None
    languages: tuple[str, ...] = ()
    remote: bool = False
    accessible: bool = False
    max_km: float | None = None
    compare: list[str] = field(default_factory=list)  # KA numbers, at most 3
    shortlist: list[str] = field(default_factory=list)

    def needs(self) -> Needs:
        loc = self.location
        assert loc is not None
        return Needs(loc.areas, loc.lat, loc.lon, self.level, self.languages, self.remote,
                     self.accessible, self.max_km)
