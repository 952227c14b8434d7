"""A promotional page costs the same number of queries whatever the number of its cards
and logos."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.factories import HomePageFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def page_with_cards(home, count):
    targets = [StandardPageFactory(parent=home, title=f"Target {count}-{n}") for n in range(count)]
    fields = {}
    for index, target in enumerate(targets):
        fields[f"body__0__cards__cards__{index}__page"] = target
        fields[f"body__0__cards__cards__{index}__image"] = ImageFactory()
        fields[f"body__1__partner_logos__partners__{index}__logo"] = ImageFactory()
    return StandardPageFactory(parent=home, title=f"{count} cards", **fields)


def queries_to_render(client, page):
    client.get(page.url)  # warm the site root paths cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(captured)


def test_cards_block_does_not_query_per_card(client):
    from wagtail.models import Site

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    one = page_with_cards(home, 1)
    eight = page_with_cards(home, 8)
    assert queries_to_render(client, one) == queries_to_render(client, eight)
