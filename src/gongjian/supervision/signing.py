"""Outbound webhooks: the body, its signature and the retry schedule.

Pure: no Django imports. A subscriber verifies ``X-Gongjian-Signature: sha256=<hex>``, the HMAC-SHA256 of the raw
body keyed by the subscription's secret (docs/data-formats.md shows how).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

__all__ = ["SIGNATURE_PREFIX", "backoff_seconds", "body", "headers", "new_secret", "sign", "verify"]

SIGNATURE_PREFIX = "sha256="


def new_secret() -> str:
    """A fresh random secret (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def body(event: str, delivery_id: str, occurred_at: str, data: dict) -> bytes:
    """The raw JSON body of a delivery (UTF-8, Chinese kept as it is)."""
    payload = {"event": event, "id": delivery_id, "occurred_at": occurred_at, "data": data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(secret: str, raw: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``raw`` keyed by ``secret``."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode("utf-8"), raw, hashlib.sha256).hexdigest()


def verify(secret: str, raw: bytes, signature: str) -> bool:
    """Whether ``signature`` (the header's value) signs ``raw`` with ``secret``; compared in constant time."""
    return hmac.compare_digest(sign(secret, raw), signature or "")


def headers(secret: str, raw: bytes, event: str, delivery_id: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "gongjian-webhook",
        "X-Gongjian-Event": event,
        "X-Gongjian-Delivery": delivery_id,
        "X-Gongjian-Signature": sign(secret, raw),
    }


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """How long to wait after failed attempt number ``attempt`` (1, 2, …): ``base`` doubled each time, at most
    ``cap``. ``base`` 0 retries at once (the tests)."""
    if attempt < 1 or base <= 0:
        return 0.0
    return float(min(cap, base * 2 ** (attempt - 1)))
