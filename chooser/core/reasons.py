"""Reasons: every explanation the core gives is a message id with parameters. Pure.

The core returns :class:`Reason` values, never sentences, so that the interface can say
them in the participant's language and scripts can read the parameters. The templates
below are the English source strings that the translation catalogs translate; this module
only names them (``chooser.text.render`` puts them into words, in the current language).
Parameters are raw values — rates as fractions, distances in km, months as "YYYY-MM" —
formatted only when rendered.
"""

from __future__ import annotations

from chooser.core.namedrecord import record


def N_(message: str) -> str:
    """Marks an English template for the catalogs; translated only when rendered."""
    return message


class Reason(record("Reason", "id params")):
    """``id`` names a template in :data:`MESSAGES`; ``params`` is a dict of raw values."""

    __slots__ = ()
    id: str
    params: dict


def reason(id: str, **params: object) -> Reason:
    assert id in MESSAGES, id
    return Reason(id, params)


# Templates are marked with N_ (a no-op) so that the catalog extractor finds them; they
# are translated when rendered (the locale may change while the program runs).
MESSAGES: dict[str, str] = {
    # evidence
    "grade": N_("{stars} in {area} (AF, {month})"),
    "no_grade": N_("no grade yet in {area} (AF, {month})"),
    "grade_up": N_("up from {previous} of 4 in {month}"),
    "grade_down": N_("down from {previous} of 4 in {month}"),
    "grade_same": N_("also {previous} of 4 in {month}"),
    # what happened (counts and their share), and apart from it the estimate
    "level_work": N_("for level {level}: {k} of {n} got work or studies, {rate}"),
    "level_kept": N_("for level {level}: {k} of {n} kept work or studies, {rate}"),
    "level_none": N_("for level {level}: no participants followed up yet"),
    "level_estimate": N_("for people like you: likely between {low} and {high} get work or "
                         "studies (estimate)"),
    "above_more_stars": N_("above {supplier} ({stars}): estimate {rate} against {other}, "
                           "from {n} participants against {other_n}"),
    "above_more_stars_surer": N_("above {supplier} ({stars}): estimate {rate} against "
                                 "{other}, and surer, from {n} participants against "
                                 "{other_n}"),
    "above_more_stars_nearer": N_("above {supplier} ({stars}), whose office is {km} km "
                                  "farther, beyond the {reach} km where results alone "
                                  "decide"),
    "dominates": N_("at least as good in every number as {supplier} (participants, "
                    "shares, grade, distance), whose estimate is {rate}: ranked above it"),
    "farther_better": N_("{km} km farther than the nearest office; ranked above the nearer "
                         "{supplier}: estimate {rate} against {other}, from {n} "
                         "participants against {other_n}"),
    "beyond_reach_better": N_("{km} km farther than the nearest office, beyond the {reach} "
                              "km where results alone decide; ranked above the nearer "
                              "{supplier} only because its evidence is clearly stronger: "
                              "estimate {rate} against {other}, from {n} participants "
                              "against {other_n}"),
    "beyond_reach": N_("{km} km farther than the nearest office, beyond the {reach} km "
                       "where results alone decide: ranked below nearer contracts that are "
                       "not clearly worse"),
    "weighted": N_("AF's weighted result measure: {value} (area average {average}; level "
                   "unknown)"),
    "satisfaction": N_("{rate} of participants satisfied ({n} answers, {month})"),
    "satisfaction_few": N_("satisfaction: too few answers ({n}) to show"),
    "distance": N_("office {km} km away ({town})"),
    "no_office": N_("office location unknown"),
    "no_office_data": N_("no office locations loaded, so distance is not known"),
    "offices_as_of": N_("offices and distances as of {day} (AF's supplier search)"),
    "at_risk": N_("AF says this contract is at risk of termination ({month})"),
    # stated needs
    "lang_met": N_("offers {language}"),
    "lang_unknown": N_("offers {language}: unknown"),
    "lang_not_met": N_("does not offer {language}"),
    "remote_met": N_("offers remote meetings"),
    "remote_unknown": N_("remote meetings: unknown"),
    "remote_not_met": N_("no remote meetings"),
    "accessible_met": N_("accessible premises"),
    "accessible_unknown": N_("accessible premises: unknown"),
    "accessible_not_met": N_("premises not accessible"),
    # exclusions
    "terminated": N_("contract terminated{date}"),
    "placement_stop": N_("placement stop: takes no new participants{date}"),
    "outside_area": N_("belongs to {area}, not your delivery area"),
    "too_far": N_("nearest office {km} km away, beyond your {max} km"),
    # the fallback
    "fallback_nearest": N_("AF's rule without a choice: {supplier}, the nearest office "
                           "({km} km), {stars}"),
    "fallback_recommended_area": N_("best in the area: {supplier}, {stars}"),
    "fallback_moved": N_("recommended: {supplier}, {stars}, office {km} km away, {extra} km "
                         "farther than the nearest (reach {reach} km)"),
    "fallback_same_best": N_("the nearest office is also the best choice we can see"),
    "fallback_nearest_rate": N_("for level {level}, expected share getting work or studies "
                                "there: {rate} (interval at 80 %: {low}–{high})"),
    "fallback_nearest_rate_mix": N_("level not known (the area's mix of levels): expected "
                                    "share getting work or studies there: {rate} (interval "
                                    "at 80 %: {low}–{high})"),
    "fallback_rates": N_("for level {level}, expected share getting work or studies: {best} "
                         "({best_low}–{best_high}) at the recommended contract, {nearest} "
                         "({nearest_low}–{nearest_high}) at the nearest"),
    "fallback_rates_mix": N_("level not known (the area's mix of levels): expected share "
                             "getting work or studies: {best} ({best_low}–{best_high}) at "
                             "the recommended contract, {nearest} ({nearest_low}–"
                             "{nearest_high}) at the nearest"),
    "fallback_rates_area": N_("for level {level}, expected share getting work or studies: "
                              "{best} ({best_low}–{best_high}) at the recommended contract, "
                              "{nearest} ({nearest_low}–{nearest_high}) across the area's "
                              "contracts"),
    "fallback_rates_area_mix": N_("level not known (the area's mix of levels): expected "
                                  "share getting work or studies: {best} ({best_low}–"
                                  "{best_high}) at the recommended contract, {nearest} "
                                  "({nearest_low}–{nearest_high}) across the area's "
                                  "contracts"),
    "fallback_gain": N_("expected gain {gain} percentage points (interval at 80 %: {gain_low} "
                        "to {gain_high}): clearly better, not chance"),
    "fallback_unreliable": N_("other contracts within reach look better on paper ({n}), but "
                              "not clearly enough to send you farther"),
    "fallback_avoided": N_("skips grade 1 and contracts at risk of termination while a "
                           "reachable contract with 2 stars or more exists"),
    "fallback_area_level": N_("no office locations for this area: AF's nearest-office rule "
                              "cannot be shown, so the best in the whole area is given"),
    "fallback_area_level_same": N_("no office locations for this area: AF's nearest-office "
                                   "rule cannot be shown, and no contract in the area is "
                                   "clearly better than the area's average"),
    "fallback_none": N_("no contract in this area takes new participants"),
    "not_covered": N_("{place} is in {municipality} ({areas}), and this dataset has no "
                      "contracts there"),
    "areas_uncertain": N_("your municipality is split between {areas}; contracts in all "
                          "of them are shown"),
}
