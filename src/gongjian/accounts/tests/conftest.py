"""Fixtures of the account tests: the production values of the controls under test."""

import pytest


@pytest.fixture
def mfa_production(settings):
    """The second factor as production requires it: administrators and leaders."""
    settings.GONGJIAN_MFA_REQUIRED = {"sysadmin": True, "secadmin": True, "auditadmin": True, "leader": True}
    return settings


def web_login(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)
