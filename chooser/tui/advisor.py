"""What the Textual app asks of the core, in one place (pure: no Textual, no files).

The app keeps one Advisor per dataset: the Ranker's per-dataset work (priors, office
trigonometry) and the gazetteer are done once, and every participant after the first is
ranked in a millisecond. Nothing here remembers a participant: each call gets what it
needs and returns plain objects, so a kiosk reset is just dropping the app's own state.
"""

from __future__ import annotations

import threading

from chooser.core.dataset import Dataset
from chooser.core.fallback import Fallback, fallback
from chooser.core.model import LEVELS, GeoMatch, GradePoint, Office
from chooser.core.namedrecord import record
from chooser.core.ranking import Needs, Ranked, Ranker, Ranking
from chooser.geo.locate import Location, from_match, gazetteer_for
from chooser.text.phrases import provenance

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from chooser.geo.gazetteer import Gazetteer


class LevelResult(record("LevelResult", "level n work_k kept_k low high area_work")):
    """One level's results at a contract: what happened (``work_k`` and ``kept_k`` of
    ``n``), and apart from it the estimate for people like you (``low``–``high``, the
    90 % interval that the reasons also say), and the area's share as it happened."""

    __slots__ = ()


class Detail(record("Detail", "ranked history levels satisfaction offices contact")):
    __slots__ = ()


class Advisor:
    def __init__(self, ds: Dataset, gazetteer: Gazetteer | None = None) -> None:
        self.ds = ds
        self.ranker = Ranker(ds)
        self._gazetteer = gazetteer
        self._gazetteer_lock = threading.Lock()

    @property
    def gazetteer(self) -> Gazetteer:
        # the app loads it in a worker while the first screen is read, and the first
        # keystroke's worker may ask for it too: one load, the other waits
        with self._gazetteer_lock:
            if self._gazetteer is None:
                from chooser.storage.geodata import load_gazetteer

                self._gazetteer = gazetteer_for(self.ds, load_gazetteer()).unpack()
            return self._gazetteer

    # --- where the participant lives ----------------------------------------------------

    def suggest(self, text: str, limit: int = 6) -> list[GeoMatch]:
        """Places for what has been typed so far, best first ([] for under 2 letters)."""
        if len(text.strip()) < 2:
            return []
        return self.gazetteer.lookup(text, limit)

    def did_you_mean(self, text: str) -> list[str]:
        return self.gazetteer.suggestions(text) if len(text.strip()) >= 2 else []

    def area_municipalities(self, area: str, limit: int = 5) -> list[str]:
        """The municipalities an area covers, most offices first (to tell split areas
        apart: "Stockholm Nord covers Solna, Sundbyberg, …")."""
        g = self.gazetteer
        rows = [(r.contracts, g.municipalities[code].name) for code in g.areas
                for r in g.evidence_for(code) if r.area == area]
        rows.sort(key=lambda x: (-x[0], x[1]))
        names = [name for _n, name in rows[:limit]]
        return [*names, "…"] if len(rows) > limit else names

    def location(self, match: GeoMatch) -> Location:
        """Raises UsageError when the place's areas have no contracts in this dataset."""
        label = match.name if match.name == match.kommun else f"{match.name} ({match.kommun})"
        return from_match(self.ds, match, label)

    def areas(self) -> list[str]:
        return self.ds.areas()

    # --- ranking ----------------------------------------------------------------------

    def rank(self, needs: Needs) -> Ranking:
        return self.ranker.rank(needs)

    def fallback(self, needs: Needs) -> Fallback:
        return fallback(self.ranker, needs)

    def detail(self, r: Ranked) -> Detail:
        ds = self.ds
        prior = self.ranker.prior(r.row.area)
        levels = []
        for i, level in enumerate(LEVELS):
            ev = self.ranker.evidence(r.row, level)
            assert ev.work is not None and ev.kept is not None
            levels.append(LevelResult(level, r.row.n[i], ev.work.k, ev.kept.k, ev.work.low,
                                      ev.work.high, prior.work[i]))
        survey = ds.satisfaction.get(r.ka)
        profile = ds.profiles.get(r.ka)
        contact = {}
        if profile is not None and profile.focus:
            contact["focus"] = profile.focus
        return Detail(r, self.history(r.ka), levels, survey, ds.offices.get(r.ka, ()),
                      contact)

    def nearest_office(self, r: Ranked, lat: float | None,
                       lon: float | None) -> tuple[Office | None, float | None]:
        """The contract's office nearest to the participant, with its distance; without
        a point, its first office and no distance (None, None without offices)."""
        offices = self.ds.offices.get(r.ka, ())
        if not offices:
            return None, None
        if lat is None or lon is None:
            return offices[0], None
        from chooser.core.distance import haversine_km

        return min(((o, haversine_km(lat, lon, o.lat, o.lon)) for o in offices),
                   key=lambda pair: pair[1])

    def history(self, ka: str) -> list[GradePoint]:
        """The contract's grades, oldest first, one per AF publication (None = no grade)."""
        return list(self.ds.grade_history.get(ka, ()))

    # --- what is loaded ---------------------------------------------------------------

    def provenance(self) -> str:
        """One line that is always on screen: which data, and which AF publication."""
        return provenance(self.ds)
