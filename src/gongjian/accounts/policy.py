"""Pure rules of the account policy: character classes, password age, session limits, TOTP codes.

No Django here: plain values in and out, tested alone (tests/test_policy.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import struct

__all__ = [
    "character_classes",
    "password_expired",
    "session_ended",
    "totp",
]


def character_classes(password: str) -> int:
    """How many of the four classes a password uses: lower-case, upper-case, digits, other characters."""
    lower = any(c.isascii() and c.islower() for c in password)
    upper = any(c.isascii() and c.isupper() for c in password)
    digit = any(c.isdigit() for c in password)
    other = any(not (c.isascii() and c.isalnum()) for c in password)
    return lower + upper + digit + other


def password_expired(set_at: dt.datetime | None, now: dt.datetime, max_age_days: int) -> bool:
    """True when a password set at ``set_at`` is older than ``max_age_days`` (0: never expires)."""
    if max_age_days <= 0 or set_at is None:
        return False
    return now - set_at > dt.timedelta(days=max_age_days)


def session_ended(started: float, last_seen: float, now: float, idle_seconds: int, max_seconds: int) -> str | None:
    """Why a session must end now ("idle" or "absolute"), or None; times are POSIX seconds."""
    if max_seconds > 0 and now - started > max_seconds:
        return "absolute"
    if idle_seconds > 0 and now - last_seen > idle_seconds:
        return "idle"
    return None


def totp(key: bytes, at: float, step: int = 30, digits: int = 6) -> str:
    """The RFC 6238 code of ``key`` at POSIX time ``at`` (HMAC-SHA1, as authenticator apps compute it)."""
    counter = int(at // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % (10**digits)).zfill(digits)


def b32(key: bytes) -> str:
    """The key as authenticator apps take it (base32, no padding)."""
    return base64.b32encode(key).decode().rstrip("=")
