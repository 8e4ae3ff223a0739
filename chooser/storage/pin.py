"""The kiosk's staff PIN: stored only as a salted scrypt hash in the config directory.

A PIN is short, so the hash must be slow to guess offline: scrypt with n=2**14 takes
~50 ms per try here and 16 MiB of memory, which also makes a GPU search costly. The file
holds one line, ``scrypt$n$r$p$salt$hash`` (hex), readable only by its owner.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from chooser.core.errors import ChooserError
from chooser.storage.userdirs import user_config_dir

N, R, P = 2**14, 8, 1
MIN_LENGTH = 4
MAX_LENGTH = 12  # the PIN box takes this many; more is no safer against a 30-s pause


class PinError(ChooserError):
    pass


def pin_file() -> str:
    return os.path.join(user_config_dir(), "kiosk-pin")


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def check_new(pin: str) -> None:
    # isdigit() alone takes "٤٧١١" and "²": digits no kiosk keyboard has
    if not (MIN_LENGTH <= len(pin) <= MAX_LENGTH and pin.isascii() and pin.isdigit()):
        raise PinError(f"the PIN must be {MIN_LENGTH} to {MAX_LENGTH} digits (0–9), so it "
                       "can be typed on any keyboard or touch screen.")


def encode(pin: str) -> str:
    check_new(pin)
    salt = secrets.token_bytes(16)
    return f"scrypt${N}${R}${P}${salt.hex()}${_hash(pin, salt, N, R, P).hex()}"


def matches(pin: str, stored: str) -> bool:
    if len(pin) > MAX_LENGTH:  # scrypt of a pasted megabyte would stall the kiosk
        return False
    try:
        kind, n, r, p, salt, digest = stored.strip().split("$")
        if kind != "scrypt":
            return False
        got = _hash(pin, bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(got, bytes.fromhex(digest))
    except ValueError:  # a damaged file opens nothing
        return False


def save(pin: str, path: str | None = None) -> str:
    path = path or pin_file()
    line = encode(pin)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(line + "\n")
    os.replace(tmp, path)
    return path


def stored(path: str | None = None) -> str | None:
    """The stored hash, or None when no PIN has been set."""
    try:
        with open(path or pin_file(), encoding="ascii") as fh:
            return fh.read().strip() or None
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise PinError(f"{path or pin_file()}: the PIN file cannot be read ({exc}); set "
                       "the PIN again with `chooser kiosk --set-pin`.") from None
