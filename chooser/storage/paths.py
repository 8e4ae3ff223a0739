"""Where chooser's own files are: the embedded data (and, later, translation catalogs).

In a source checkout (or an editable install) they are the repo's top-level ``data/`` and
``locales/``; an installed wheel carries them inside the package as ``_data`` and
``_locales`` (see pyproject.toml).
"""

from __future__ import annotations

import os

# chooser/ itself: this module is chooser/storage/paths.py
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _first_existing(*candidates: str) -> str:
    for c in candidates:
        if os.path.isdir(c):
            return c
    return candidates[0]


def data_dir() -> str:
    return _first_existing(os.path.join(os.path.dirname(_PACKAGE), "data"),
                           os.path.join(_PACKAGE, "_data"))


def snapshot_dir() -> str:
    return os.path.join(data_dir(), "snapshot")


def locales_dir() -> str:
    """The translation catalogs: locales/<lang>/LC_MESSAGES/chooser.po."""
    return _first_existing(os.path.join(os.path.dirname(_PACKAGE), "locales"),
                           os.path.join(_PACKAGE, "_locales"))
