"""Where chooser keeps the user's files: updated datasets and the configuration.

platformdirs decides. One exception, for speed: every command must look for an updated
dataset before it starts, and importing platformdirs costs 10 ms (pathlib, tempfile,
urllib…), most of a whole ``python -c pass``. On Linux its rule is two lines (an absolute
``$XDG_DATA_HOME``/``$XDG_CONFIG_HOME``, else ``~/.local/share``/``~/.config``), written
out here; a test checks that this agrees with platformdirs under every combination of
those variables. Elsewhere platformdirs is asked.

``CHOOSER_HOME``, when set, holds both (``data/`` and ``config/``): for tests, and for a
kiosk that should not depend on a user account.
"""

from __future__ import annotations

import os
import sys

APP = "chooser"


def _linux_dir(variable: str, fallback: str) -> str:
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):  # platformdirs ignores a relative or empty XDG variable
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):  # as platformdirs: a relative HOME counts as unset
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        base = os.path.join(home, fallback)
    return os.path.join(base, APP)


def user_data_dir() -> str:
    """Updated datasets (the store) live here unless configured elsewhere."""
    if home := os.environ.get("CHOOSER_HOME"):
        return os.path.join(home, "data")
    if sys.platform == "linux":
        return _linux_dir("XDG_DATA_HOME", os.path.join(".local", "share"))
    import platformdirs

    return platformdirs.user_data_dir(APP, appauthor=False)


def user_config_dir() -> str:
    """``config.toml`` and the kiosk's PIN hash."""
    if home := os.environ.get("CHOOSER_HOME"):
        return os.path.join(home, "config")
    if sys.platform == "linux":
        return _linux_dir("XDG_CONFIG_HOME", ".config")
    import platformdirs

    return platformdirs.user_config_dir(APP, appauthor=False)


def kiosk_log() -> str:
    """The kiosk's log for staff: sessions that ended in an error (no visitor input)."""
    directory = user_data_dir()
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, "kiosk.log")


def config_file() -> str:
    return os.path.join(user_config_dir(), "config.toml")
