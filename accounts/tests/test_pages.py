"""Every account page is one of the site's pages: its layout, one h1, a title, labelled fields."""

from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.tokens import default_token_generator

from accounts.factories import DEFAULT_PASSWORD, EmailAddressFactory, UserFactory

pytestmark = pytest.mark.django_db


class PageOutline(HTMLParser):
    """What a reader or a screen reader relies on: title, headings, landmarks, labels."""

    def __init__(self, html):
        super().__init__()
        self.title = ""
        self.h1_count = 0
        self.h1_text = ""
        self.tags = []
        self.inputs = []
        self.label_targets = set()
        self.message_lists = 0
        self._in_title = False
        self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        classes = (attrs.get("class") or "").split()
        if tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1_count += 1
            self._in_h1 = True
        elif tag in ("input", "select", "textarea"):
            self.inputs.append(attrs)
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif "messages" in classes:
            self.message_lists += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1_text += data

    @property
    def clean_title(self):
        return " ".join(self.title.split())

    def unlabelled_fields(self):
        return [
            field
            for field in self.inputs
            if field.get("type") not in ("hidden", "submit", "button")
            and field.get("id") not in self.label_targets
        ]


def anonymous(client):
    return ""


def signed_in(client):
    client.force_login(EmailAddressFactory().user)
    return ""


def confirmation_key(client):
    address = EmailAddressFactory(verified=False)
    return EmailConfirmationHMAC(address).key


def reset_key(client):
    user = EmailAddressFactory().user
    return f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"


ACCOUNT_PAGES = [
    ("/accounts/signup/", anonymous, "Signup"),
    ("/accounts/login/", anonymous, "Sign In"),
    ("/accounts/logout/", signed_in, "Sign Out"),
    ("/accounts/confirm-email/", anonymous, "Verify Your Email Address"),
    ("/accounts/confirm-email/{}/", confirmation_key, "Confirm Email Address"),
    ("/accounts/confirm-email/not-a-key/", anonymous, "Confirm Email Address"),
    ("/accounts/password/reset/", anonymous, "Password Reset"),
    ("/accounts/password/reset/done/", anonymous, "Password Reset"),
    ("/accounts/password/reset/key/{}/", reset_key, "Change Password"),
    ("/accounts/password/reset/key/1-not-a-token/", anonymous, "Change Password"),
    ("/accounts/password/reset/key/done/", anonymous, "Change Password"),
    ("/accounts/password/change/", signed_in, "Change Password"),
    ("/accounts/email/", signed_in, "Email Addresses"),
    ("/dashboard/", signed_in, "Your dashboard"),
]


@pytest.mark.parametrize(
    ("path", "setup", "title"), ACCOUNT_PAGES, ids=[path for path, _, _ in ACCOUNT_PAGES]
)
def test_account_page_is_a_site_page_with_one_h1_a_title_and_labelled_fields(
    client, path, setup, title
):
    response = client.get(path.format(setup(client)), follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    outline = PageOutline(html)
    assert outline.clean_title == f"{title} · COBIOE"
    assert outline.h1_count == 1
    assert outline.h1_text.strip()
    # The site's layout (header, main landmark, footer), not allauth's bare one.
    assert 'class="site-header"' in html
    assert {"header", "main", "footer"} <= set(outline.tags)
    assert "Menu:" not in html
    assert outline.unlabelled_fields() == []


def test_account_forms_use_the_site_form_and_button_classes(client):
    html = client.get("/accounts/login/").content.decode()

    assert '<form class="form" method="post" action="/accounts/login/">' in html
    assert '<button class="button" type="submit">' in html


def test_secondary_and_destructive_actions_look_so(client):
    client.force_login(EmailAddressFactory().user)

    html = client.get("/accounts/email/").content.decode()

    assert '<button class="button" type="submit" name="action_primary">' in html
    assert '<button class="button button-secondary" type="submit" name="action_send">' in html
    assert '<button class="button button-danger" type="submit" name="action_remove">' in html


def test_messages_are_shown_once(client):
    user = UserFactory(email="lin@example.org")
    EmailAddressFactory(user=user)

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}, follow=True
    )

    html = response.content.decode()
    assert PageOutline(html).message_lists == 1
    assert html.count("Successfully signed in as") == 1


def test_members_are_named_by_their_email_not_their_username(client):
    user = UserFactory(username="grace", email="grace.hopper@example.org")
    EmailAddressFactory(user=user)

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}, follow=True
    )

    html = response.content.decode()
    assert "Successfully signed in as grace.hopper@example.org" in html
