"""Fixtures of the news tests: a site whose home page holds the newsroom."""

import pytest
from wagtail.models import Page, Site

from home.factories import HomePageFactory
from news.factories import NewsIndexPageFactory


@pytest.fixture
def news_index(db):
    """The newsroom at /news/, under a home page that is the default site's root."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "COBIOE"},
    )
    return NewsIndexPageFactory(parent=home)
