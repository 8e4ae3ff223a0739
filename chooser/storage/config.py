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

    [kiosk]           # read by `chooser kiosk` and `chooser serve --kiosk`
    place = "Ludvika"           # suggested on the place screen (or area = "Ludvika")
    languages = ["sv", "en", "ar", "fa", "so", "ti", "uk"]   # offered, in this order
    idle_seconds = 90           # without input, then a countdown …
    countdown_seconds = 20      # … then everything is cleared
    data = "/srv/chooser"       # AF's files or a store staff update (`chooser update`)
    print_command = "lp -d library-printer"   # prints a person's choice card (text on
                                              # its standard input); none: no printing

Every value is checked, and a wrong one is reported naming the file and the field.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chooser.core.errors import ChooserError
from chooser.storage.userdirs import config_file

CONFIG_LIMIT = 1_000_000  # bytes


class ConfigError(ChooserError):
    pass


class Field:
    """One setting: the types it may have, what it must satisfy, and how to say so. The
    same rule checks the file and the command-line flag that overrides it."""

    def __init__(self, types: type | tuple[type, ...], expected: str,
                 ok: Callable[[Any], bool] = lambda v: True) -> None:
        self.types, self.expected, self.ok = types, expected, ok

    def valid(self, value: object) -> bool:
        return (isinstance(value, self.types) and not isinstance(value, bool)
                and self.ok(value))

    def check(self, value: object, where: str) -> None:
        if not self.valid(value):
            raise ConfigError(f"{where}: expected {self.expected}, found {repr(value)[:80]}.")


def _strings(v: list) -> bool:
    return len(v) <= 1000 and all(isinstance(f, str) and f.strip() and len(f) <= 4096
                                  and f.isprintable() for f in v)


def _path(v: str) -> bool:
    """A path the OS can take: not empty, no NUL or other control character (os.stat()
    raises ValueError on a NUL), not longer than Linux's PATH_MAX."""
    return bool(v.strip()) and len(v) <= 4096 and v.isprintable()


FIELDS: dict[str, dict[str, Field]] = {
    "update": {
        "base_url": Field(str, "an http(s) address such as \"https://arbetsformedlingen.se\"",
                          lambda v: v.startswith(("http://", "https://"))),
        "files": Field(list, "a list of URLs or paths", _strings),
        "timeout": Field((int, float), "a number of seconds above 0 and at most 120",
                         lambda v: 0 < v <= 120),
        "pause": Field((int, float), "a number of seconds from 0 to 60",
                       lambda v: 0 <= v <= 60),
        "deadline": Field((int, float), "a number of seconds from 10 to 3600",
                          lambda v: 10 <= v <= 3600),
        "keep": Field(int, "a whole number of datasets from 1 to 100",
                      lambda v: 1 <= v <= 100),
        "store": Field(str, "a directory path", _path),
    },
    "kiosk": {
        "place": Field(str, "a place, postcode or municipality, e.g. \"Ludvika\""),
        "area": Field(str, "a delivery area's name, e.g. \"Ludvika\""),
        "languages": Field(list, "a list of language codes such as [\"sv\", \"en\", \"ar\"]",
                           lambda v: bool(v) and _strings(v)),
        "idle_seconds": Field((int, float), "a number of seconds from 5 to 3600",
                              lambda v: 5 <= v <= 3600),
        "countdown_seconds": Field((int, float), "a number of seconds from 3 to 300",
                                   lambda v: 3 <= v <= 300),
        "data": Field(str, "a directory with AF's files, or a store that staff update",
                      _path),
        "print_command": Field(str, "a command that prints the text on its standard input, "
                                    "such as \"lp -d library-printer\"",
                               lambda v: bool(v.strip()) and len(v) <= 1000),
    },
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
            raw = fh.read(CONFIG_LIMIT + 1)
        if len(raw) > CONFIG_LIMIT:
            raise ConfigError(f"{path}: larger than {CONFIG_LIMIT // 1000} kB; a configuration "
                              "is a few lines.")
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8."
                          ) from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply).") from None
    except (tomllib.TOMLDecodeError, ValueError) as exc:  # ValueError: 5,000-digit numbers
        raise ConfigError(f"{path}: not valid TOML ({str(exc)[:200]}).") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}).") from None
    for section, fields in FIELDS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}, [{section}]: expected a table of settings.")
        for key, value in table.items():
            if key not in fields:
                raise ConfigError(f"{path}, [{section}] {key}: not a setting chooser knows "
                                  f"(known: {', '.join(fields)}).")
            fields[key].check(value, f"{path}, [{section}] {key}")
    data["_path"] = path
    return data


@dataclass(frozen=True)
class KioskSettings:
    """A kiosk's settings once checked: from ``[kiosk]`` in the config file and the flags."""

    languages: tuple[str, ...]
    idle_seconds: float = 90.0
    countdown_seconds: float = 20.0
    place: str | None = None  # the library's own place, offered first
    area: str | None = None
    pin_hash: str | None = None  # None: no staff exit (a browser session, closed by its tab)
    print_command: str | None = None  # prints a choice card (its text on standard input)
