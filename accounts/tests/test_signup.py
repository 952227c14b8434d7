"""Signing up: the account exists only once its email is verified, and bad input changes nothing."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils.html import escape

from accounts.factories import VerifiedUserFactory
from accounts.tests.emails import link_in

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD_PASSWORD = "Bioreactor-scale-up-2030"


def sign_up(client, **fields):
    data = {"email": "grace@example.org", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    data.update(fields)
    return client.post("/accounts/signup/", {k: v for k, v in data.items() if v is not None})


def test_signup_creates_user_and_sends_one_verification_email(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="grace@example.org")
    assert EmailAddress.objects.filter(user=user, verified=False, primary=True).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["grace@example.org"]
    assert mailoutbox[0].subject.startswith("[COBIOE] ")
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_signup_does_not_log_in_before_the_email_is_verified(client, mailoutbox):
    sign_up(client)

    assert "_auth_user_id" not in client.session
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_verification_sent_page_tells_the_member_to_check_their_email(client, mailoutbox):
    response = sign_up(client)
    response = client.get(response["Location"])

    assert response.status_code == 200
    assert "We have sent an email to you for verification" in response.content.decode()


def test_following_the_verification_link_logs_in_and_opens_the_dashboard(client, mailoutbox):
    sign_up(client)
    confirm_path = link_in(mailoutbox[0], "/accounts/confirm-email/")

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session  # a GET (a mail scanner) confirms nothing

    response = client.post(confirm_path)

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert EmailAddress.objects.get(email="grace@example.org").verified
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200
    assert "grace@example.org" in dashboard.content.decode()


def test_signup_with_an_email_already_registered_is_refused_on_the_form(client, mailoutbox):
    VerifiedUserFactory(email="grace@example.org")

    response = sign_up(client, email="Grace@Example.org")

    assert response.status_code == 200
    assert_field_error(response, "email", "A user is already registered with this email address.")
    assert User.objects.count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pw", "This password is too short. It must contain at least 10 characters."),
        ("8405736192847", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
    ],
    ids=["too-short", "all-numeric", "common"],
)
def test_signup_with_a_weak_password_is_refused_on_the_form(client, mailoutbox, password, message):
    response = sign_up(client, password1=password, password2=password)

    assert response.status_code == 200
    assert_field_error(response, "password1", message)
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signup_with_an_invalid_email_is_refused_on_the_form(client, mailoutbox):
    response = sign_up(client, email="grace-at-example.org")

    assert response.status_code == 200
    assert_field_error(response, "email", "Enter a valid email address.")
    assert not User.objects.exists()


@pytest.mark.parametrize("missing", ["email", "password1", "password2"])
def test_signup_with_a_missing_field_is_refused_on_the_form(client, mailoutbox, missing):
    response = sign_up(client, **{missing: None})

    assert response.status_code == 200
    assert_field_error(response, missing, "This field is required.")
    assert not User.objects.exists()


def test_signup_with_mismatched_passwords_is_refused_on_the_form(client, mailoutbox):
    response = sign_up(client, password2=GOOD_PASSWORD + "!")

    assert response.status_code == 200
    assert_field_error(response, "password2", "You must type the same password each time.")
    assert not User.objects.exists()


def assert_field_error(response, field, message):
    """The error is on the form, next to its field, and the field points screen readers to it."""
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{escape(message)}</li>' in html
    assert re.search(rf'aria-invalid="true" aria-describedby="[^"]*id_{field}_error"', html)
