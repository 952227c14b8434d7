"""Freshness: admins confirm that a profile is still right, and those of stale profiles
are reminded by email, by a background task that the daily command queues."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actors.factories import MembershipFactory, OrganisationFactory
from actors.models import Membership, Organisation
from actors.tasks import send_confirmation_reminders

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


def stale_organisation(**kwargs):
    return OrganisationFactory(last_confirmed_at=LONG_AGO, **kwargs)


def test_the_admins_of_a_stale_organisation_get_one_email_each():
    organisation = stale_organisation(name="Cellforge")
    first = MembershipFactory(organisation=organisation, user__email="ada@example.org")
    second = MembershipFactory(organisation=organisation, user__email="bob@example.org")
    MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER)
    MembershipFactory(organisation=organisation, state=Membership.State.INVITED)

    result = send_confirmation_reminders.enqueue()

    assert result.return_value == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        first.user.email,
        second.user.email,
    ]
    message = mail.outbox[0]
    assert "Cellforge" in message.subject
    assert f"http://testserver/actors/manage/{organisation.slug}/" in message.body
    organisation.refresh_from_db()
    assert organisation.confirmation_reminded_at is not None


def test_a_second_run_the_same_day_sends_nothing():
    MembershipFactory(organisation=stale_organisation())
    send_confirmation_reminders.call()
    mail.outbox.clear()

    assert send_confirmation_reminders.call() == 0
    assert not mail.outbox


def test_a_reminder_older_than_thirty_days_is_sent_again():
    organisation = stale_organisation(confirmation_reminded_at=timezone.now() - timedelta(days=31))
    MembershipFactory(organisation=organisation)

    assert send_confirmation_reminders.call() == 1


def test_fresh_unclaimed_and_unpublished_organisations_get_nothing():
    MembershipFactory(organisation=OrganisationFactory())  # fresh
    stale_organisation()  # unclaimed: nobody to write to
    MembershipFactory(organisation=stale_organisation(status=Organisation.Status.DRAFT))
    MembershipFactory(organisation=stale_organisation(), role=Membership.Role.MEMBER)  # no admin

    assert send_confirmation_reminders.call() == 0
    assert not mail.outbox


def test_the_command_queues_the_task():
    MembershipFactory(organisation=stale_organisation())
    out = io.StringIO()

    call_command("send_confirmation_reminders", stdout=out)

    assert "Queued the reminder task" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_command_can_send_in_process():
    MembershipFactory(organisation=stale_organisation())
    out = io.StringIO()

    call_command("send_confirmation_reminders", "--now", stdout=out)

    assert out.getvalue().strip() == "Sent 1 reminder(s)."


def test_an_admin_confirms_the_profile_from_the_manage_page(client):
    membership = MembershipFactory(
        organisation=stale_organisation(confirmation_reminded_at=timezone.now())
    )
    organisation = membership.organisation
    client.force_login(membership.user)

    page = client.get(f"/actors/manage/{organisation.slug}/").content.decode()
    response = client.post(f"/actors/manage/{organisation.slug}/confirm/", follow=True)

    organisation.refresh_from_db()
    assert "Nobody has confirmed this profile since" in page
    assert "Thank you: the profile is marked as up to date" in response.content.decode()
    assert organisation.last_confirmed_at > timezone.now() - timedelta(minutes=1)
    assert organisation.confirmation_reminded_at is None
    assert not organisation.is_stale()
    assert not Organisation.objects.stale().exists()


def test_confirming_from_the_dashboard_returns_there(client):
    membership = MembershipFactory(organisation=stale_organisation())
    client.force_login(membership.user)

    response = client.post(
        f"/actors/manage/{membership.organisation.slug}/confirm/", {"next": "dashboard"}
    )

    assert response["Location"] == "/dashboard/"


def test_a_member_who_is_not_admin_cannot_confirm(client):
    membership = MembershipFactory(organisation=stale_organisation(), role=Membership.Role.MEMBER)
    client.force_login(membership.user)

    response = client.post(f"/actors/manage/{membership.organisation.slug}/confirm/")

    membership.organisation.refresh_from_db()
    assert response.status_code == 403
    assert membership.organisation.last_confirmed_at == LONG_AGO


def test_a_draft_is_not_confirmed(client):
    membership = MembershipFactory(
        organisation=OrganisationFactory(status=Organisation.Status.DRAFT, last_confirmed_at=None)
    )
    client.force_login(membership.user)

    client.post(f"/actors/manage/{membership.organisation.slug}/confirm/")

    membership.organisation.refresh_from_db()
    assert membership.organisation.last_confirmed_at is None
