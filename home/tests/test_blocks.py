"""LinkBlock: a link goes to a page of the site or to an address, never both or neither."""

import pytest
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from home.blocks import LinkBlock


@pytest.fixture
def page(db):
    return Page.get_first_root_node().get_children().first()


def clean(label="Read more", page=None, url=""):
    return LinkBlock().clean({"label": label, "page": page, "url": url})


def test_link_to_a_page_is_valid(page):
    value = clean(page=page)
    assert value.href() == page.url


def test_link_to_an_address_is_valid(db):
    value = clean(url="https://www.cobioe.eu/")
    assert value.href() == "https://www.cobioe.eu/"


def test_link_without_page_or_address_is_refused(db):
    with pytest.raises(StructBlockValidationError) as error:
        clean()
    assert "url" in error.value.block_errors


def test_link_with_both_page_and_address_is_refused(page):
    with pytest.raises(StructBlockValidationError) as error:
        clean(page=page, url="https://www.cobioe.eu/")
    assert "url" in error.value.block_errors


def test_link_to_a_path_on_this_site_is_valid(db):
    assert clean(url="/accounts/signup/").href() == "/accounts/signup/"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/phish",
        "ftp://files.example/x",
        "not a link",
    ],
)
def test_link_to_a_script_or_odd_address_is_refused(db, url):
    with pytest.raises(StructBlockValidationError) as error:
        clean(url=url)
    assert "url" in error.value.block_errors
