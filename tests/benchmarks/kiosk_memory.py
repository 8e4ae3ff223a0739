"""The kiosk's memory over many visitors (issue 17): a library kiosk runs for weeks.

    .venv/bin/python -m tests.benchmarks.kiosk_memory [--visitors 50] [--collector off]

One process, one KioskApp on AF's real snapshot, headless, started as `chooser kiosk`
starts it (dataset loaded, then ``cli.common.collector_on``: the loaded data frozen, the
cyclic collector on). Each visitor: Enter on the language screen, types "Ludvika",
Enter (the place), Enter (the area), S (show suppliers), F2 (start over). RSS is read
from /proc after 1, 5, 10, 20, … visitors. Target: RSS after 50 ≤ RSS after 5 + 15 MB.

``--collector off`` runs the same with the collector left off, as every kiosk did before
issue 17 (Textual's screens hold reference cycles: each visitor's stayed in memory).
Measured on the 2-core test machine: off, 98.6 MB after 5 visitors and 506 MB after 50;
on, 64.6 MB after 5 and 73.2 MB after 50.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys

from tests.benchmarks.startup import REPO

MARKS = (1, 5, 10, 20, 30, 40, 50)
TARGET_MB = 15.0


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _visit(visitors: int, collector: bool) -> dict[int, float]:
    """Runs in the measured process."""
    gc.disable()  # as `chooser` starts (cli/main.py)
    from chooser.cli import common
    from chooser.storage import pin as pins
    from chooser.storage.config import KioskSettings
    from chooser.storage.load import load_directory
    from chooser.storage.paths import snapshot_dir
    from chooser.tui.advisor import Advisor
    from chooser.tui.kiosk import KioskApp
    from chooser.tui.screens.results import ResultsScreen

    advisor = Advisor(load_directory(snapshot_dir()))
    if collector:
        common.collector_on()
    app = KioskApp(advisor, KioskSettings(languages=("en", "sv"), pin_hash=pins.encode("4711")))
    marks: dict[int, float] = {}

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            async def settle() -> None:
                await app.workers.wait_for_complete()
                await pilot.pause()

            await settle()
            marks[0] = rss_mb()
            for v in range(1, visitors + 1):
                for keys in (("enter",), tuple("Ludvika"), ("enter",), ("enter",), ("s",)):
                    await pilot.press(*keys)
                    await settle()
                assert isinstance(app.screen, ResultsScreen), app.screen
                await pilot.press("f2")
                await settle()
                if v in MARKS or v == visitors:
                    marks[v] = rss_mb()

    asyncio.run(run())
    return marks


def measure(visitors: int = 50, collector: bool = True) -> dict[int, float]:
    """RSS in MB by visitors served, measured in a fresh process."""
    code = ("import json, sys; from tests.benchmarks.kiosk_memory import _visit; "
            f"print(json.dumps(_visit({visitors}, {collector})))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=REPO, env=env, timeout=1800)
    if p.returncode:
        raise RuntimeError(p.stderr[-2000:])
    return {int(k): v for k, v in json.loads(p.stdout.strip().splitlines()[-1]).items()}


def report(marks: dict[int, float]) -> str:
    return "  ".join(f"{k}: {v:.1f} MB" for k, v in sorted(marks.items()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--visitors", type=int, default=50)
    ap.add_argument("--collector", choices=("on", "off"), default="on")
    args = ap.parse_args()
    marks = measure(args.visitors, args.collector == "on")
    print(f"kiosk RSS by visitors (collector {args.collector}): {report(marks)}")
    if 5 in marks:
        grew = marks[max(marks)] - marks[5]
        print(f"after {max(marks)} − after 5 = {grew:.1f} MB (target ≤ {TARGET_MB:g} MB)")


if __name__ == "__main__":
    main()
