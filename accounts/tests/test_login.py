"""Logging in and out: only verified members get in, and failed logins are throttled."""

import pytest

from accounts.factories import DEFAULT_PASSWORD, EmailAddressFactory, UserFactory

pytestmark = pytest.mark.django_db

THROTTLED = "Too many failed login attempts. Try again later."
WRONG_PASSWORD = "not-the-right-password"


def log_in(client, email, password, ip="198.51.100.1"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_verified_member_logs_in_and_lands_on_the_dashboard(client, member):
    response = log_in(client, member.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_login_with_a_wrong_password_is_refused_on_the_form(client, member):
    response = log_in(client, member.email, WRONG_PASSWORD)

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_login_with_an_unverified_email_gives_no_access_to_the_dashboard(client, mailoutbox):
    user = UserFactory(email="unverified@example.org")
    EmailAddressFactory(user=user, verified=False)

    response = log_in(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get("/dashboard/").status_code == 302
    # allauth sends a fresh verification link instead.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["unverified@example.org"]


def test_sixth_failed_login_for_one_account_is_throttled_even_with_the_right_password(
    client, member
):
    # ACCOUNT_RATE_LIMITS login_failed "5/300s/key": five failures per email, from any IP.
    for attempt in range(5):
        response = log_in(client, member.email, WRONG_PASSWORD, ip=f"198.51.100.{attempt + 1}")
        assert THROTTLED not in response.content.decode()

    response = log_in(client, member.email, DEFAULT_PASSWORD, ip="198.51.100.99")

    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_throttle_is_per_account(client, member):
    other = UserFactory(email="other@example.org")
    EmailAddressFactory(user=other)
    for _ in range(5):
        log_in(client, member.email, WRONG_PASSWORD)

    response = log_in(client, other.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_successful_logins_do_not_use_up_the_account_throttle(client, member):
    for _ in range(4):
        log_in(client, member.email, WRONG_PASSWORD)
    for _ in range(3):
        assert log_in(client, member.email, DEFAULT_PASSWORD).status_code == 302
        client.post("/accounts/logout/")

    response = log_in(client, member.email, WRONG_PASSWORD)

    assert THROTTLED not in response.content.decode()


def test_eleventh_failed_login_from_one_ip_is_throttled_whatever_the_account(client, member):
    # ACCOUNT_RATE_LIMITS login_failed "10/m/ip": ten failures a minute from one address.
    for attempt in range(10):
        response = log_in(client, f"guess{attempt}@example.org", WRONG_PASSWORD, ip="203.0.113.7")
        assert THROTTLED not in response.content.decode()

    response = log_in(client, member.email, DEFAULT_PASSWORD, ip="203.0.113.7")

    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Another address is not affected.
    response = log_in(client, member.email, DEFAULT_PASSWORD, ip="203.0.113.8")
    assert response.status_code == 302


def test_logout_asks_for_confirmation_then_logs_out(client, member):
    client.force_login(member)

    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session  # a GET logs nobody out

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/dashboard/").status_code == 302


def test_dashboard_redirects_anonymous_visitors_to_login_with_next(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_login_honours_next(client, member):
    response = client.post(
        "/accounts/login/?next=/accounts/email/",
        {"login": member.email, "password": DEFAULT_PASSWORD, "next": "/accounts/email/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/email/"


def test_wagtail_admin_sends_anonymous_visitors_to_the_allauth_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_django_admin_sends_anonymous_visitors_to_the_allauth_login(client):
    response = client.get("/django-admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
