"""Group robots of 企业微信 (WeCom) and 钉钉 (DingTalk): message bodies and the DingTalk signature.

Pure: no Django imports. Sending is in :mod:`.notify`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

__all__ = ["dingtalk_sign", "dingtalk_url", "markdown_payload"]


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """DingTalk's signature: base64 of HMAC-SHA256 over "timestamp\\nsecret" keyed by the secret, URL-encoded."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def dingtalk_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The robot address with ``timestamp`` and ``sign`` added as query parameters (no change without a secret)."""
    if not secret:
        return url
    sep = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{sep}timestamp={timestamp_ms}&sign={dingtalk_sign(timestamp_ms, secret)}"


def markdown_payload(channel: str, title: str, text: str) -> dict:
    """The JSON body of a markdown message: WeCom ``{"msgtype": "markdown", "markdown": {"content"}}``, DingTalk
    ``{"msgtype": "markdown", "markdown": {"title", "text"}}``."""
    if channel == "wecom":
        # WeCom markdown has no title field: the title is the first line, in bold.
        return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}
    if channel == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": f"### {title}\n{text}"}}
    raise ValueError(f"unknown channel {channel!r}")
