"""Project-wide pytest set-up: which database the suite runs on, and shared fixtures."""

import os

import pytest
from django.conf import settings


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    choice = getattr(settings, "DATABASE_CHOICE", "DATABASE_URL")
    return f"database: {engine} ({choice})"


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("COBIOE_REQUIRE_POSTGRES") and "postgresql" not in engine:
        pytest.exit(
            f"COBIOE_REQUIRE_POSTGRES is set but the suite would run on {engine}.", returncode=3
        )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves no signal behind to
    drop what it cached (a site, the navigation, a rate limit's count)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
