"""The Textual app's benchmark (issue: the Textual app).

    .venv/bin/python -m tests.benchmarks.tui [--runs 15]

Targets:
- headless start to the first interactive screen (the language screen, a button
  focused, painted)
  ≤ 1.5 × a bare Textual app (an Input and a Footer) started the same way, as whole
  processes measured in the same run, each run paired with one of the bare app, the
  median of the pairs' ratios;
- a keystroke in the place input updates the suggestions in < 50 ms: from the key
  event to the suggestion list showing the matches for the new text (95th percentile
  over every prefix of several real places, on AF's real snapshot).

Both apps run with ``App.run(headless=True)`` and an auto-pilot that exits as soon as
the first screen is ready, so the difference is what chooser adds: its imports, loading
the dataset (index), building the screen.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import statistics
import sys
import time

from tests.benchmarks.startup import REPO, paired

TYPED = ("Grängesberg", "Ludvika", "77130", "Hisings Backa", "Haparanda", "Malmo")


def _probe(which: str) -> None:
    """Runs in the measured process: start one app headless, exit when it is ready."""
    if which == "bare":
        from textual.app import App
        from textual.widgets import Footer, Input

        class Bare(App):
            def compose(self):
                yield Input()
                yield Footer()

            def on_mount(self):
                self.query_one(Input).focus()

        app = Bare()
        ready = lambda a: a.focused is not None  # noqa: E731
    else:
        from chooser.cli import main as cli
        from chooser.tui.screens.base import ChooserScreen

        args = cli.build_parser().parse_args([])
        app = cli.make_app(args)  # as `chooser` opens it: the language screen first
        ready = lambda a: isinstance(a.screen, ChooserScreen) and a.focused is not None  # noqa: E731

    async def exit_when_ready(pilot) -> None:
        while not ready(pilot.app):
            await asyncio.sleep(0.001)
        await pilot.pause()  # painted once
        pilot.app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=exit_when_ready)


def startup(runs: int) -> dict[str, tuple[float, float]]:
    py = sys.executable
    me = "tests.benchmarks.tui"
    got = paired({"chooser app": [py, "-m", me, "--probe", "chooser"]},
                 [py, "-m", me, "--probe", "bare"], runs)
    return {"bare Textual app": got.pop("baseline")} | got


async def _keystrokes() -> list[float]:
    from chooser.storage.load import load_directory
    from chooser.storage.paths import snapshot_dir
    from chooser.tui.advisor import Advisor
    from chooser.tui.app import ChooserApp
    from chooser.tui.screens.place import PlaceScreen

    app = ChooserApp(Advisor(load_directory(snapshot_dir())))
    latencies: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()  # the gazetteer, loaded while the screen is read
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaceScreen)
        shown: dict[str, float] = {}
        original = screen.show_suggestions

        def timed(text, matches, hint):  # when the list shows the matches for `text`
            original(text, matches, hint)
            shown.setdefault(text, time.perf_counter())

        screen.show_suggestions = timed  # type: ignore[method-assign]
        box = screen.query_one("#place-input")
        for word in TYPED:
            box.value = ""
            await pilot.pause()
            for ch in word:
                t = time.perf_counter()
                await pilot.press(ch)
                text = box.value
                while text not in shown:
                    await asyncio.sleep(0.0005)
                latencies.append(shown[text] - t)
                shown.clear()
    return latencies


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--probe", choices=["bare", "chooser"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        _probe(args.probe)
        return 0
    compileall.compile_dir(os.path.join(REPO, "chooser"), quiet=1)
    ok = True
    print(f"{'what':<40} {'value':>9} {'ratio':>7}  target (ratio: median of pairs)")
    for k, (v, ratio) in startup(args.runs).items():
        target = "" if k.startswith("bare") else "≤ 1.50×"
        if not k.startswith("bare"):
            ok &= ratio <= 1.5
        print(f"{k:<40} {v * 1e3:7.1f}ms {ratio:6.2f}×  {target}")
    lat = sorted(asyncio.run(_keystrokes()))
    p95 = lat[int(0.95 * (len(lat) - 1))]
    ok &= p95 < 0.050
    print(f"{'keystroke → suggestions, median':<40} {statistics.median(lat) * 1e3:7.1f}ms")
    print(f"{'keystroke → suggestions, 95th pct':<40} {p95 * 1e3:7.1f}ms {'':>7}  < 50 ms")
    print(f"{'keystroke → suggestions, worst':<40} {lat[-1] * 1e3:7.1f}ms "
          f"({len(lat)} keystrokes)")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
