"""What search engines read: robots.txt and the sitemap of the live, public pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for private in ("/admin/", "/accounts/", "/dashboard/"):
        assert f"Disallow: {private}" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages_and_leaves_out_drafts(client, seeded_site):
    from home.models import StandardPage

    StandardPage.objects.filter(slug="privacy").update(live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/panorama/</loc>" in body
    assert "/privacy/</loc>" not in body
