"""The pure rules, without Django."""

import base64
import datetime as dt

from gongjian.accounts.policy import character_classes, password_expired, session_ended, totp


def test_character_classes():
    assert character_classes("abcdefghij") == 1
    assert character_classes("abcde12345") == 2
    assert character_classes("Abcde12345") == 3
    assert character_classes("Abcde-12345") == 4
    assert character_classes("密码密码密码Ab1") == 4  # CJK characters count as "other"


def test_password_expiry():
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert not password_expired(now - dt.timedelta(days=90), now, 90)
    assert password_expired(now - dt.timedelta(days=90, seconds=1), now, 90)
    assert not password_expired(now - dt.timedelta(days=900), now, 0)  # 0: the profile is off


def test_session_limits():
    assert session_ended(0, 0, 1800, 1800, 43200) is None
    assert session_ended(0, 0, 1801, 1800, 43200) == "idle"
    assert session_ended(0, 43000, 43201, 1800, 43200) == "absolute"


def test_totp_matches_the_rfc_6238_test_vectors():
    key = b"12345678901234567890"
    assert totp(key, 59, digits=8) == "94287082"
    assert totp(key, 1111111109, digits=8) == "07081804"
    assert totp(key, 2000000000, digits=8) == "69279037"
    assert base64.b32decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == key
