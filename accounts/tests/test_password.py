"""Resetting a forgotten password by email, and changing it when signed in."""

import pytest

from accounts.factories import DEFAULT_PASSWORD
from accounts.tests.emails import link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fill-and-finish-line-42"


def test_password_reset_email_link_lets_the_member_set_a_new_password(client, member, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": member.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    reset_path = link_in(mailoutbox[0], "/accounts/password/reset/key/")

    # allauth moves the key out of the URL into the session before showing the form.
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    form_path = form_page.redirect_chain[-1][0]
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    login = client.post("/accounts/login/", {"login": member.email, "password": NEW_PASSWORD})
    assert login["Location"] == "/dashboard/"


def test_password_reset_link_works_only_once(client, member, mailoutbox):
    client.post("/accounts/password/reset/", {"email": member.email})
    reset_path = link_in(mailoutbox[0], "/accounts/password/reset/key/")
    form_page = client.get(reset_path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    again = client.get(reset_path, follow=True)

    assert "The password reset link was invalid" in again.content.decode()


def test_password_reset_refuses_a_weak_new_password(client, member, mailoutbox):
    client.post("/accounts/password/reset/", {"email": member.email})
    form_page = client.get(link_in(mailoutbox[0], "/accounts/password/reset/key/"), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": "password1234", "password2": "password1234"}
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(DEFAULT_PASSWORD)


def test_password_change_works_for_a_signed_in_member(client, member):
    client.force_login(member)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off: the member stays signed in.
    assert client.get("/dashboard/").status_code == 200


def test_password_change_requires_the_current_password(client, member):
    client.force_login(member)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "a-wrong-guess-123", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    member.refresh_from_db()
    assert member.check_password(DEFAULT_PASSWORD)


def test_password_change_page_redirects_anonymous_visitors_to_login(client):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
