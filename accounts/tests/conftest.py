import pytest
from django.apps import apps
from django.core.cache import cache

from accounts.factories import VerifiedUserFactory
from accounts.tests.kinds import INVITATION, JOIN, REPLY
from cobioe.plugins import NotificationKind


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth keeps its rate-limit counters in the cache: no test may inherit another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return VerifiedUserFactory(email="ada@example.org")


@pytest.fixture
def declared_kinds(monkeypatch):
    """Two plugins declare kinds of notification, as the working groups and the forum do."""
    monkeypatch.setattr(
        apps.get_app_config("workgroups"),
        "notification_kinds",
        (
            NotificationKind(JOIN, "Someone asks to join a group you coordinate"),
            NotificationKind(INVITATION, "You are invited to a group", default="email"),
        ),
    )
    monkeypatch.setattr(
        apps.get_app_config("forum"),
        "notification_kinds",
        (NotificationKind(REPLY, "Someone replies to a topic you follow", default="site"),),
    )
