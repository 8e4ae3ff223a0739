"""Privacy of the terminal kiosk, end to end: a real `chooser kiosk` in a real terminal
(tmux), with its own HOME, TMPDIR and working directory. A visitor types a unique marker
as their place; after "start over" the marker is on no screen and in no scrollback; after
the staff exit it is in no file under the platformdirs folders, the temp folders or the
working directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import REPO

PIN = "8642"


def _tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: .ci/run installs it")
        pytest.skip("tmux is not installed")
    return tmux


class Terminal:
    def __init__(self, tmux: str, socket: Path, env: dict[str, str]) -> None:
        self.base = [tmux, "-S", str(socket)]
        self.env = env  # the tmux server's, so the kiosk inherits exactly this

    def run(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True,
                              check=True, timeout=20, env=self.env).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "kiosk")

    def history(self) -> str:
        """Everything the terminal still holds: the screen and all of its scrollback."""
        return self.run("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "kiosk")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "kiosk", *keys)

    def literally(self, text: str) -> None:
        self.run("send-keys", "-t", "kiosk", "-l", text)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def _files_containing(marker: bytes, *roots: Path) -> list[str]:
    found = []
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    if os.path.getsize(path) > 50_000_000:
                        continue
                    with open(path, "rb") as fh:
                        if marker in fh.read():
                            found.append(path)
                except OSError:
                    continue
    return found


def test_a_typed_place_leaves_no_trace(tmp_path):
    tmux = _tmux()
    home, tmp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for d in (home, tmp, work):
        d.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "CHOOSER_", "TMUX"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONPATH=str(REPO), TERM="xterm-256color")
    subprocess.run([sys.executable, "-m", "chooser", "kiosk", "--set-pin"], input=PIN + "\n",
                   text=True, env=env, cwd=work, check=True, capture_output=True)
    marker = "Zq" + uuid.uuid4().hex[:12]  # no place is called this
    term = Terminal(tmux, tmp_path / "tmux.sock", env)
    command = " ".join([sys.executable, "-m", "chooser", "kiosk"])
    term.run("-f", "/dev/null", "new-session", "-d", "-s", "kiosk", "-x", "100", "-y", "30",
             "-c", str(work), f"{command}; echo KIOSK-ENDED; sleep 30")
    try:
        term.wait_for("Choose your language")
        term.keys("Enter")  # the first language
        term.wait_for("771 30")  # the place screen's example
        term.literally(marker)
        term.wait_for(marker)  # it really was typed, and shown
        term.keys("F2")  # start over
        term.wait_for("Choose your language")
        assert marker not in term.history()
        term.keys("C-x")
        term.wait_for("PIN")  # the staff box, in the kiosk's first language
        term.literally(PIN)
        term.keys("Enter")
        term.wait_for("KIOSK-ENDED")
        assert marker not in term.history()
    finally:
        subprocess.run([*term.base, "kill-server"], capture_output=True)
    roots = [home, tmp, work, Path(tempfile.gettempdir())]
    leaks = _files_containing(marker.encode(), *roots)
    leaks += _files_containing(marker.encode("utf-16-le"), *roots)
    assert leaks == []
    assert (home / ".config" / "chooser" / "kiosk-pin").exists()  # the dirs were in use
