import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """These tests read messages in English; test_translations checks the Chinese catalogue."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")
