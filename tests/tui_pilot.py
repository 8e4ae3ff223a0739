"""Driving ChooserApp with a Pilot: shared by the pilot tests, the SVG snapshots and the
kiosk tests, so every one of them walks the flow the same way a person does."""

from __future__ import annotations

from chooser.tui.screens.place import PlaceScreen
from chooser.tui.screens.results import ResultsScreen
from chooser.tui.screens.situation import SituationScreen


async def settle(pilot) -> None:
    """Wait until the workers (suggestions, ranking) are done and the screen is redrawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    # what the workers' results set (a Collapsible's title, say) is drawn by reactive
    # watchers on the next refresh: one more pause, or a snapshot may catch it half-done
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def to_place(pilot, typed: str) -> PlaceScreen:
    """Type a place and accept the best suggestion; the area is shown for confirmation."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PlaceScreen), screen
    await pilot.press(*typed)
    await settle(pilot)
    await pilot.press("enter")  # the best suggestion
    await settle(pilot)
    return screen


async def to_situation(pilot, typed: str) -> SituationScreen:
    await to_place(pilot, typed)
    await pilot.click("#continue")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SituationScreen), pilot.app.screen
    return pilot.app.screen


async def to_results(pilot, typed: str, level: str | None) -> ResultsScreen:
    await to_situation(pilot, typed)
    if level:
        await pilot.click(f"#level-{level}")
    await pilot.click("#show")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ResultsScreen), pilot.app.screen
    return pilot.app.screen


async def choose_language(pilot, code: str) -> None:
    """On the language screen: arrow down to the language, Enter, as a person does."""
    from chooser.tui.screens.language import LanguageScreen

    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LanguageScreen), screen
    box = screen.query_one("#language-list")
    steps = screen.languages.index(code) - (box.highlighted or 0)
    await pilot.press(*["down" if steps > 0 else "up"] * abs(steps), "enter")
    await settle(pilot)
