"""Fixtures of the working groups tests: a site whose home page holds /groups/."""

import pytest
from wagtail.models import Page, Site

from accounts.factories import VerifiedUserFactory
from home.factories import HomePageFactory
from workgroups.factories import (
    MembershipFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from workgroups.models import WorkingGroupPage


@pytest.fixture
def groups_index(db):
    """The working groups section at /groups/, under the default site's home page."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "COBIOE"},
    )
    return WorkingGroupIndexPageFactory(parent=home)


@pytest.fixture
def people(db):
    """Who is who around a group: the keys of the permission matrix."""
    return {
        "coordinator": VerifiedUserFactory(email="coordinator@example.org"),
        "member": VerifiedUserFactory(email="member@example.org"),
        "outsider": VerifiedUserFactory(email="outsider@example.org"),
        "staff": VerifiedUserFactory(email="staff@example.org", is_staff=True),
    }


def make_group(index, people, **kwargs):
    group = WorkingGroupPageFactory(parent=index, **kwargs)
    MembershipFactory(group=group, user=people["coordinator"], coordinator=True)
    MembershipFactory(group=group, user=people["member"])
    return group


@pytest.fixture
def public_group(groups_index, people):
    return make_group(groups_index, people, title="Open process development", slug="open-pd")


@pytest.fixture
def private_group(groups_index, people):
    return make_group(
        groups_index,
        people,
        title="Confidential tech transfer",
        slug="confidential-tt",
        visibility=WorkingGroupPage.Visibility.MEMBERS,
    )
