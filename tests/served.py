"""A real `chooser serve` for the browser and load tests: started as its own process on
a free loopback port, with its own CHOOSER_HOME and kiosk settings, stopped afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chooser_serve(home: Path, *, idle: int = 90, countdown: int = 20,
                  languages: tuple[str, ...] = ("en", "sv"),
                  extra: tuple[str, ...] = ()) -> Iterator[tuple[str, int]]:
    """Yields (url, server pid)."""
    home.mkdir(parents=True, exist_ok=True)
    cfg = home / "kiosk.toml"
    langs = ", ".join(f'"{c}"' for c in languages)
    cfg.write_text(f"[kiosk]\nlanguages = [{langs}]\nidle_seconds = {idle}\n"
                   f"countdown_seconds = {countdown}\n", encoding="utf-8")
    port = free_port()
    env = {**os.environ, "CHOOSER_HOME": str(home), "PYTHONPATH": str(REPO)}
    log = open(home / "serve.log", "w+b")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([sys.executable, "-m", "chooser", "serve", "--kiosk", "--port",
                             str(port), "--config", str(cfg), *extra], cwd=home, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                raise AssertionError(f"chooser serve ended: {log.read().decode()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                        timeout=0.5):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", proc.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
