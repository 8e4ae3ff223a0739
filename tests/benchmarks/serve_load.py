"""Load on one `chooser serve --kiosk`: N concurrent browser sessions over websockets.

    .venv/bin/python -m tests.benchmarks.serve_load [--sessions 20]

Each session speaks textual-serve's own websocket protocol (what the page's script
sends): it waits for the language screen, picks English, types "Ludvika" a key at a
time, confirms the area, picks level B and asks for the suppliers, then waits for the
first ranked supplier in the terminal output. Every session has its own `chooser`
process; while all of them show their results, the memory of those processes is read
from /proc: RSS (what each would use alone) and PSS (its fair share of pages shared
between them, e.g. Python's own libraries).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RESULTS = "Clockwork Matchning AB"  # Ludvika's first at level B in AF's May 2026 data


@dataclass
class Session:
    ok: bool
    seconds: float
    error: str = ""


async def _one(url: str, hold: asyncio.Event, reached: list[int]) -> Session:
    import aiohttp

    ws_url = url.replace("http://", "ws://") + "/ws?width=100&height=30"
    start = time.monotonic()
    seen = ""
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url) as ws:

        async def wait_for(text: str, timeout: float = 120) -> None:
            nonlocal seen
            end = time.monotonic() + timeout
            while text not in seen:
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{text!r} never came")
                msg = await ws.receive(timeout=left)
                if msg.type == aiohttp.WSMsgType.BINARY:
                    seen = (seen + msg.data.decode("utf-8", "replace"))[-200_000:]
                elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    raise ConnectionError("the session closed")
            seen = seen[seen.index(text) + len(text):]  # later waits look at newer output

        async def keys(*chunks: str) -> None:
            for c in chunks:
                await ws.send_json(["stdin", c])
                await asyncio.sleep(0.15)  # a person's pace

        try:
            await wait_for("Choose your language")
            await keys("\r")
            await wait_for("Where do you live?")
            await keys(*"Ludvika")
            await wait_for("(municipality)")
            await keys("\r")
            await wait_for("delivery area Ludvika")
            await keys("\r")
            await wait_for("Your situation")
            await keys("\x1b[C", "\r", "s")
            await wait_for(RESULTS)
        except (TimeoutError, ConnectionError) as exc:
            return Session(False, time.monotonic() - start, str(exc))
        took = time.monotonic() - start
        reached.append(1)
        await hold.wait()  # stay on the results until memory has been read
        return Session(True, took)


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids = [int(k) for k in fh.read().split()]
        except OSError:
            continue
        for k in kids:
            out += [k, *_children(k)]
    return out


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def _chooser_processes(server_pid: int) -> list[int]:
    """The per-session `chooser kiosk` processes (not the shells that start them)."""
    found = []
    for pid in _children(server_pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().split(b"\0")
        except OSError:
            continue
        if b"kiosk" in cmd and b"chooser" in cmd:
            found.append(pid)
    return found


async def _load(url: str, server_pid: int, n: int) -> dict:
    hold = asyncio.Event()
    reached: list[int] = []
    tasks = [asyncio.create_task(_one(url, hold, reached)) for _ in range(n)]
    while len(reached) < n and not all(t.done() for t in tasks):
        await asyncio.sleep(0.2)
    procs = _chooser_processes(server_pid)
    mem = [_memory_kib(p) for p in procs]
    _, server_pss = _memory_kib(server_pid)
    hold.set()
    sessions = await asyncio.gather(*tasks)
    return {"sessions": sessions, "processes": len(procs), "memory": mem,
            "server_pss_kib": server_pss}


def run(n: int, home: Path) -> dict:
    from tests.served import chooser_serve

    with chooser_serve(home) as (url, pid):
        return asyncio.run(_load(url, pid, n))


def report(r: dict) -> str:
    ok = [s for s in r["sessions"] if s.ok]
    lines = [f"sessions that reached the results: {len(ok)} of {len(r['sessions'])}"]
    for s in r["sessions"]:
        if not s.ok:
            lines.append(f"  failed after {s.seconds:.1f} s: {s.error}")
    if ok:
        t = sorted(s.seconds for s in ok)
        lines.append(f"time to results (incl. typing at a person's pace, ~2 s): median "
                     f"{statistics.median(t):.1f} s, slowest {t[-1]:.1f} s")
    if r["memory"]:
        rss = [m[0] / 1024 for m in r["memory"]]
        pss = [m[1] / 1024 for m in r["memory"]]
        lines.append(f"chooser processes: {r['processes']}; per session: RSS median "
                     f"{statistics.median(rss):.0f} MiB, PSS median "
                     f"{statistics.median(pss):.0f} MiB; all sessions together "
                     f"{sum(pss):.0f} MiB PSS (+ server {r['server_pss_kib'] / 1024:.0f} MiB)")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        r = run(args.sessions, Path(d))
    print(report(r))
    return 0 if all(s.ok for s in r["sessions"]) else 1


if __name__ == "__main__":
    sys.exit(main())
