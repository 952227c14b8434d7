"""The digest's unsubscribe link: GET only asks, POST stops the digest, and a link that
was altered, is too old, was signed elsewhere or names nobody changes nothing."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from accounts.factories import VerifiedUserFactory
from news.factories import SubscriptionFactory
from news.models import Subscription
from news.unsubscribe import SALT, make_token, read_token, unsubscribe_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription():
    return SubscriptionFactory(digest=Subscription.Digest.WEEKLY)


def url(token: str) -> str:
    return reverse("news:unsubscribe", kwargs={"token": token})


def digest_of(subscription) -> str:
    subscription.refresh_from_db()
    return subscription.digest


def test_the_link_is_absolute_and_names_its_member(subscription, settings):
    link = unsubscribe_url(subscription.user)
    assert link.startswith(settings.WAGTAILADMIN_BASE_URL + "/news/unsubscribe/")
    assert read_token(make_token(subscription.user)) == subscription.user.pk


def test_get_asks_with_one_button_and_changes_nothing(client, subscription):
    response = client.get(url(make_token(subscription.user)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Stop the news digest · COBIOE</title>" in html
    assert "You receive the weekly email digest" in html
    assert '<form method="post"' in html
    assert ">Stop the digest</button>" in html
    assert 'name="robots" content="noindex"' in html
    assert digest_of(subscription) == Subscription.Digest.WEEKLY


def test_post_stops_the_digest_and_says_so(client, subscription):
    response = client.post(url(make_token(subscription.user)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>News digest stopped</h1>" in html
    assert "You will receive no more news digests by email." in html
    assert f'href="{reverse("news:monitoring_settings")}"' in html
    assert digest_of(subscription) == Subscription.Digest.NONE


def test_the_one_click_post_of_a_mail_client_works_without_a_csrf_token(subscription):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        url(make_token(subscription.user)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert digest_of(subscription) == Subscription.Digest.NONE


def test_a_second_post_is_harmless(client, subscription):
    token = make_token(subscription.user)
    client.post(url(token))
    response = client.post(url(token))
    assert response.status_code == 200
    assert "No news digest was being sent to you" in response.content.decode()
    assert digest_of(subscription) == Subscription.Digest.NONE


def test_a_member_without_a_digest_is_told_there_is_nothing_to_stop(client):
    user = VerifiedUserFactory()
    response = client.get(url(make_token(user)))
    assert response.status_code == 200
    assert "You receive no news digest" in response.content.decode()
    assert not Subscription.objects.filter(user=user).exists()


def test_only_the_member_the_link_names_is_unsubscribed(client, subscription):
    other = SubscriptionFactory(digest=Subscription.Digest.DAILY)
    client.post(url(make_token(subscription.user)))
    assert digest_of(other) == Subscription.Digest.DAILY


class OldSigner(signing.TimestampSigner):
    """Signs as the site does, but dates the signature `days` ago: a real old link."""

    def __init__(self, days, **kwargs):
        super().__init__(**kwargs)
        self.days = days

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.days * 86400)


def refused(client, token, status=400) -> str:
    for method in (client.get, client.post):
        response = method(url(token))
        assert response.status_code == status
        html = response.content.decode()
        assert "<h1>This unsubscribe link cannot be used</h1>" in html
        assert "Nothing has changed." in html
    return html


def test_an_expired_link_is_refused_and_changes_nothing(client, subscription, settings):
    token = OldSigner(days=181, salt=SALT).sign(str(subscription.user.pk))
    html = refused(client, token)
    assert "The link has expired" in html
    assert digest_of(subscription) == Subscription.Digest.WEEKLY
    # Within the configured age, the same kind of link works.
    settings.NEWS_UNSUBSCRIBE_MAX_AGE_DAYS = 365
    assert client.post(url(token)).status_code == 200
    assert digest_of(subscription) == Subscription.Digest.NONE


def test_a_tampered_link_is_refused_and_changes_nothing(client, subscription):
    other = SubscriptionFactory(digest=Subscription.Digest.DAILY)
    token = make_token(subscription.user)
    # Another member's id under this member's signature.
    forged = str(other.user.pk) + token[len(str(subscription.user.pk)) :]
    html = refused(client, forged)
    assert "The link is not valid" in html
    refused(client, token[:-2])
    refused(client, "not-a-token")
    assert digest_of(subscription) == Subscription.Digest.WEEKLY
    assert digest_of(other) == Subscription.Digest.DAILY


@pytest.mark.parametrize(
    "signer",
    [
        signing.TimestampSigner(salt="actors.invitation"),  # another signed value of the site
        signing.TimestampSigner(key="another-site-s-secret-key", salt=SALT),
    ],
    ids=["other salt", "other secret key"],
)
def test_a_link_signed_elsewhere_is_refused(client, subscription, signer):
    refused(client, signer.sign(str(subscription.user.pk)))
    assert digest_of(subscription) == Subscription.Digest.WEEKLY


def test_a_link_to_a_deleted_account_is_refused_with_404(client):
    user = VerifiedUserFactory()
    token = make_token(user)
    user.delete()
    html = refused(client, token, status=404)
    assert "no longer exists" in html


def test_a_signed_payload_that_is_not_an_id_is_refused(client):
    refused(client, signing.TimestampSigner(salt=SALT).sign("admin"))
