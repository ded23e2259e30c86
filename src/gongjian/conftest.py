"""Fixtures shared by every app's tests."""

import pytest

from gongjian.core.services import Actor
from gongjian.testing import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def actor_of(world):
    def make(role: str) -> Actor:
        return Actor(user=world.user(role), ip="127.0.0.1", source="web")

    return make
