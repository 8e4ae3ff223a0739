"""``config.toml`` in the user's config directory (or a file given with ``--config``).

    [update]
    base_url = "https://arbetsformedlingen.se"  # AF's host for the office pages
    files = [                                   # AF's results/grade files, and optional
      "https://…/resultatuppfoljning-2026-05.xlsx",  # status, satisfaction, profile CSVs:
      "/srv/chooser/nojdhet.csv",                    # URLs or local paths
    ]
    timeout = 20      # seconds per request
    pause = 1.0       # seconds between requests to the same server
    keep = 3          # datasets kept in the store
    store = "/srv/chooser"  # where datasets are kept (default: the user's data directory)

    [kiosk]           # read by `chooser kiosk`; see the README

Every value is checked, and a wrong one is reported naming the file and the field.
"""

from __future__ import annotations

import os

from chooser.errors import ChooserError
from chooser.locations import config_file


class ConfigError(ChooserError):
    pass


_UPDATE_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "base_url": (str, "an http(s) address such as \"https://arbetsformedlingen.se\""),
    "files": (list, "a list of URLs or paths"),
    "timeout": ((int, float), "a number of seconds above 0 and at most 120"),
    "pause": ((int, float), "a number of seconds, 0 or more"),
    "keep": (int, "a whole number of datasets, 1 or more"),
    "store": (str, "a directory path"),
}


def load(path: str | None = None) -> dict:
    """The configuration as a dict of sections; {} when there is no file at the default
    place (a missing file given explicitly is an error)."""
    explicit = path is not None
    path = path or config_file()
    if not os.path.exists(path):
        if explicit:
            raise ConfigError(f"{path}: the configuration file does not exist.")
        return {}
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}).") from None
    update = data.get("update", {})
    if not isinstance(update, dict):
        raise ConfigError(f"{path}, [update]: expected a table of settings.")
    for key, value in update.items():
        if key not in _UPDATE_FIELDS:
            raise ConfigError(f"{path}, [update] {key}: not a setting chooser knows "
                              f"(known: {', '.join(_UPDATE_FIELDS)}).")
        types, expected = _UPDATE_FIELDS[key]
        ok = isinstance(value, types) and not isinstance(value, bool)
        if ok and key == "timeout":
            ok = 0 < value <= 120
        elif ok and key == "pause":
            ok = value >= 0
        elif ok and key == "keep":
            ok = value >= 1
        elif ok and key == "files":
            ok = all(isinstance(f, str) and f.strip() for f in value)
        elif ok and key == "base_url":
            ok = value.startswith(("http://", "https://"))
        if not ok:
            raise ConfigError(f"{path}, [update] {key}: expected {expected}, "
                              f"found {value!r}.")
    data["_path"] = path
    return data
