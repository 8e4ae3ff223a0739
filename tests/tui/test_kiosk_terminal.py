"""Issue 17, group 5, in a real terminal (tmux): the six bytes of a bracketed-paste start
with no end no longer lock the kiosk. Before, every key after them was held for a paste
that never ended — F2 and the staff's Ctrl+X included, past the idle reset."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.tui.test_kiosk_privacy import PIN, Terminal, _tmux


def test_a_half_paste_does_not_lock_the_kiosk(tmp_path):
    import os

    from chooser.tui.pasteguard import PASTE_SECONDS
    from tests.conftest import REPO

    tmux = _tmux()
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "CHOOSER_", "TMUX"))}
    env.update(HOME=str(home), PYTHONPATH=str(REPO), TERM="xterm-256color")
    subprocess.run([sys.executable, "-m", "chooser", "kiosk", "--set-pin"], input=PIN + "\n",
                   text=True, env=env, cwd=work, check=True, capture_output=True)
    term = Terminal(tmux, tmp_path / "tmux.sock", env)
    command = f"{sys.executable} -m chooser kiosk"
    term.run("-f", "/dev/null", "new-session", "-d", "-s", "kiosk", "-x", "100", "-y", "30",
             "-c", str(work), f"{command}; echo KIOSK-ENDED; sleep 30")
    try:
        term.wait_for("Choose your language")
        term.literally("\x1b[200~")  # a paste starts … and never ends
        term.keys("Enter")  # held as part of the paste
        time.sleep(PASTE_SECONDS + 1)
        assert "771 30" not in term.screen()
        term.keys("Enter")  # the paste was dropped: keys work again
        term.wait_for("771 30")  # the place screen's example
        term.literally("\x1b[200~Ludv")  # half a paste, then F2
        term.keys("F2")
        term.wait_for("Choose your language")  # F2 dropped it and started over
        term.keys("C-x")
        term.wait_for("PIN")
        term.literally(PIN)
        term.keys("Enter")
        term.wait_for("KIOSK-ENDED")
    finally:
        subprocess.run([*term.base, "kill-server"], capture_output=True)
