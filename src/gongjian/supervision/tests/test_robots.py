"""Group-robot messages and the DingTalk signature, alone (pure module)."""

import base64
import hashlib
import hmac
import urllib.parse

from gongjian.supervision import robots


def test_dingtalk_signature_is_hmac_sha256_of_timestamp_and_secret_base64_urlencoded():
    secret, ts = "SEC-abc+/=", 1700000000000
    expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest())
    assert robots.dingtalk_sign(ts, secret) == urllib.parse.quote_plus(expected)
    # A known value, so that a change of the formula cannot go unnoticed.
    assert robots.dingtalk_sign(1, "s") == urllib.parse.quote_plus(
        base64.b64encode(hmac.new(b"s", b"1\ns", hashlib.sha256).digest()).decode()
    )


def test_dingtalk_url_adds_timestamp_and_sign_only_with_a_secret():
    url = "https://oapi.dingtalk.com/robot/send?access_token=T"
    assert robots.dingtalk_url(url, "", 5) == url
    signed = robots.dingtalk_url(url, "k", 5)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)
    assert query["access_token"] == ["T"] and query["timestamp"] == ["5"]
    assert query["sign"] == [urllib.parse.unquote_plus(robots.dingtalk_sign(5, "k"))]


def test_markdown_payloads():
    assert robots.markdown_payload("wecom", "标题", "正文") == {
        "msgtype": "markdown",
        "markdown": {"content": "**标题**\n正文"},
    }
    assert robots.markdown_payload("dingtalk", "标题", "正文") == {
        "msgtype": "markdown",
        "markdown": {"title": "标题", "text": "### 标题\n正文"},
    }
