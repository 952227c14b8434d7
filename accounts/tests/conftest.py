import pytest
from django.core.cache import cache

from accounts.factories import VerifiedUserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth keeps its rate-limit counters in the cache: no test may inherit another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return VerifiedUserFactory(email="ada@example.org")
