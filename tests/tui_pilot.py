"""Driving ChooserApp with a Pilot: shared by the pilot tests, the SVG snapshots and the
kiosk tests, so every one of them walks the flow the same way a person does."""

from __future__ import annotations

from chooser.tui.screens.place import PlaceScreen
from chooser.tui.screens.results import ResultsScreen
from chooser.tui.screens.situation import SituationScreen


async def settle(pilot, *, rounds: int = 12) -> None:
    """Wait until the workers (suggestions, ranking) are done and the screen stands still.

    One refresh is not always enough: what a worker's result sets is drawn by watchers on
    a later refresh, a Footer recomposes after the bindings change, a scroll animates.
    How many refreshes that takes depends on the machine's load (CI's 2 cores under the
    whole suite once drew the Somali kiosk list otherwise than a quiet run), so instead of
    counting pauses this waits until two screenshots in a row are the same. A screen
    that never stands still is left as it is after ``rounds`` tries: the test that looks
    at it then says so.
    """
    app = pilot.app
    last: str | None = None
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        if not app.screen_stack:  # the app has exited (a test of an exit path)
            return
        now = app.export_screenshot()
        if now == last:
            return
        last = now


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
