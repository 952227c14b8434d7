"""Members of an organisation: invitations by email and their signed links, roles, removal,
leaving, and the rule that an organisation always keeps an admin."""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail

from accounts.factories import EmailAddressFactory, UserFactory, VerifiedUserFactory
from actors.factories import MemberProfileFactory, MembershipFactory, OrganisationFactory
from actors.invitations import make_token
from actors.models import MemberProfile, Membership

pytestmark = pytest.mark.django_db

Role, State = Membership.Role, Membership.State


@pytest.fixture
def admin(client):
    membership = MembershipFactory(organisation__name="Cellforge", user__email="ada@example.org")
    client.force_login(membership.user)
    return membership


@pytest.fixture
def organisation(admin):
    return admin.organisation


def members_url(organisation):
    return f"/actors/manage/{organisation.slug}/members/"


def member_url(membership):
    return f"/actors/manage/{membership.organisation.slug}/members/{membership.pk}/"


def invitation_link(message):
    return re.search(r"http://testserver(/actors/invitations/[^/\s]+/)", message.body).group(1)


# Inviting -----------------------------------------------------------------------------


def test_members_page_lists_members_with_role_and_state(client, organisation):
    colleague = MembershipFactory(
        organisation=organisation, role=Role.MEMBER, user__email="bob@example.org"
    )
    MemberProfileFactory(user=colleague.user, display_name="Bob <b>Builder</b>")
    MembershipFactory(
        organisation=organisation, user=None, email="eve@example.org", state=State.INVITED
    )

    html = client.get(members_url(organisation)).content.decode()

    assert "<h1>Members</h1>" in html
    assert "bob@example.org" in html
    assert "Bob &lt;b&gt;Builder&lt;/b&gt;" in html
    assert "eve@example.org" in html
    assert "Withdraw the invitation" in html
    assert 'aria-label="Pages"' not in html


def test_inviting_someone_with_an_account_names_them_and_emails_a_link(client, organisation):
    bob = VerifiedUserFactory(email="bob@example.org")

    response = client.post(members_url(organisation), {"email": "Bob@Example.org", "role": "admin"})

    invitation = organisation.memberships.get(state=State.INVITED)
    assert response.status_code == 302
    assert (invitation.user, invitation.role, invitation.email) == (
        bob,
        Role.ADMIN,
        "Bob@Example.org",
    )
    assert invitation.invited_by.email == "ada@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Bob@Example.org"]
    assert "Cellforge" in message.subject
    assert "ada@example.org invites you to join Cellforge" in message.body
    assert invitation_link(message)


def test_inviting_a_new_address_keeps_the_email_for_the_sign_up(client, organisation):
    client.post(members_url(organisation), {"email": "new@example.org", "role": "member"})

    invitation = organisation.memberships.get(state=State.INVITED)
    assert invitation.user is None
    assert invitation.email == "new@example.org"
    assert "You do not have an account yet" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (State.ACTIVE, "This person is already a member of the organisation."),
        (State.INVITED, "This person has already been invited"),
    ],
)
def test_inviting_a_member_or_someone_already_invited_is_refused(
    client, organisation, state, message
):
    bob = VerifiedUserFactory(email="bob@example.org")
    MembershipFactory(organisation=organisation, user=bob, state=state)

    response = client.post(
        members_url(organisation), {"email": "BOB@example.org", "role": "member"}
    )

    assert message in response.content.decode()
    assert organisation.memberships.count() == 2
    assert not mail.outbox


def test_inviting_an_address_already_invited_is_refused(client, organisation):
    MembershipFactory(
        organisation=organisation, user=None, email="new@example.org", state=State.INVITED
    )

    response = client.post(
        members_url(organisation), {"email": "NEW@example.org", "role": "member"}
    )

    assert "This person has already been invited" in response.content.decode()
    assert organisation.memberships.count() == 2


def test_a_bad_email_is_refused(client, organisation):
    response = client.post(members_url(organisation), {"email": "not an email", "role": "member"})

    assert "Enter a valid email address." in response.content.decode()
    assert organisation.memberships.count() == 1
    assert not mail.outbox


def test_a_member_who_is_not_admin_cannot_invite(client):
    membership = MembershipFactory(role=Role.MEMBER)
    client.force_login(membership.user)

    response = client.post(
        members_url(membership.organisation), {"email": "x@example.org", "role": "admin"}
    )

    assert response.status_code == 403
    assert membership.organisation.memberships.count() == 1
    assert not mail.outbox


# Accepting ----------------------------------------------------------------------------


def test_the_invited_user_accepts_through_the_emailed_link(client, organisation):
    bob = VerifiedUserFactory(email="bob@example.org")
    client.post(members_url(organisation), {"email": "bob@example.org", "role": "admin"})
    link = invitation_link(mail.outbox[0])
    client.force_login(bob)

    page = client.get(link)
    response = client.post(link, {"answer": "accept"})

    membership = organisation.memberships.get(user=bob)
    assert "Accept the invitation" in page.content.decode()
    assert response["Location"] == f"/actors/manage/{organisation.slug}/"
    assert membership.state == State.ACTIVE
    assert membership.joined_at is not None
    assert organisation.can_edit(bob)


def test_someone_new_signs_up_with_the_invited_address_and_accepts(client, organisation):
    client.post(members_url(organisation), {"email": "new@example.org", "role": "member"})
    link = invitation_link(mail.outbox[0])
    client.logout()
    anonymous = client.get(link).content.decode()
    newcomer = UserFactory(email="new@example.org")
    address = EmailAddressFactory(user=newcomer, verified=True)

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    invitation = organisation.memberships.get(state=State.INVITED)
    assert invitation.user == newcomer
    assert "Create an account" in anonymous
    client.force_login(newcomer)
    client.post(link, {"answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.state == State.ACTIVE


def test_an_invitation_to_a_secondary_verified_address_can_be_accepted(client, organisation):
    bob = VerifiedUserFactory(email="bob@example.org")
    EmailAddressFactory(user=bob, email="bob@lab.example.org", primary=False)
    invitation = MembershipFactory(
        organisation=organisation, user=None, email="bob@lab.example.org", state=State.INVITED
    )
    client.force_login(bob)

    client.post(f"/actors/invitations/{make_token(invitation)}/", {"answer": "accept"})

    invitation.refresh_from_db()
    assert (invitation.user, invitation.state) == (bob, State.ACTIVE)


def test_someone_else_signed_in_cannot_accept(client, organisation):
    invitation = MembershipFactory(
        organisation=organisation, user=None, email="bob@example.org", state=State.INVITED
    )
    client.force_login(VerifiedUserFactory(email="mallory@example.org"))
    link = f"/actors/invitations/{make_token(invitation)}/"

    page = client.get(link)
    post = client.post(link, {"answer": "accept"})

    invitation.refresh_from_db()
    assert page.status_code == post.status_code == 403
    assert "this invitation was sent to another address" in page.content.decode()
    assert (invitation.user, invitation.state) == (None, State.INVITED)


def test_an_unverified_secondary_address_does_not_count(client, organisation):
    mallory = VerifiedUserFactory(email="mallory@example.org")
    EmailAddressFactory(user=mallory, email="bob@example.org", primary=False, verified=False)
    invitation = MembershipFactory(
        organisation=organisation, user=None, email="bob@example.org", state=State.INVITED
    )
    client.force_login(mallory)

    response = client.post(f"/actors/invitations/{make_token(invitation)}/", {"answer": "accept"})

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == State.INVITED


def test_a_tampered_link_gives_a_clear_page_and_changes_nothing(client, organisation):
    bob = VerifiedUserFactory(email="bob@example.org")
    invitation = MembershipFactory(organisation=organisation, user=bob, state=State.INVITED)
    token = make_token(invitation)
    client.force_login(bob)

    response = client.post(f"/actors/invitations/{token[:-2]}xx/", {"answer": "accept"})

    assert response.status_code == 400
    assert "The link is not valid" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == State.INVITED


def test_a_link_older_than_fourteen_days_has_expired(client, organisation):
    bob = VerifiedUserFactory(email="bob@example.org")
    invitation = MembershipFactory(organisation=organisation, user=bob, state=State.INVITED)
    fifteen_days_ago = time.time() - 15 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=fifteen_days_ago):
        token = make_token(invitation)
    client.force_login(bob)

    response = client.post(f"/actors/invitations/{token}/", {"answer": "accept"})

    assert response.status_code == 410
    assert "The link has expired" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == State.INVITED


def test_a_withdrawn_invitation_link_says_so(client, organisation):
    invitation = MembershipFactory(
        organisation=organisation, user=None, email="bob@example.org", state=State.INVITED
    )
    token = make_token(invitation)
    invitation.delete()

    response = client.get(f"/actors/invitations/{token}/")

    assert response.status_code == 410
    assert "This invitation was withdrawn or declined" in response.content.decode()


def test_declining_removes_the_invitation(client, organisation):
    bob = VerifiedUserFactory(email="bob@example.org")
    invitation = MembershipFactory(organisation=organisation, user=bob, state=State.INVITED)
    client.force_login(bob)

    client.post(f"/actors/invitations/{make_token(invitation)}/", {"answer": "decline"})

    assert not organisation.memberships.filter(user=bob).exists()


def test_resending_an_invitation_emails_a_new_link(client, organisation):
    invitation = MembershipFactory(
        organisation=organisation, user=None, email="bob@example.org", state=State.INVITED
    )

    client.post(member_url(invitation), {"action": "resend"})

    assert [message.to for message in mail.outbox] == [["bob@example.org"]]


def test_the_email_confirmed_receiver_skips_organisations_the_user_is_already_in(organisation):
    bob = VerifiedUserFactory(email="bob@example.org")
    MembershipFactory(organisation=organisation, user=bob, role=Role.MEMBER)
    invitation = MembershipFactory(
        organisation=organisation, user=None, email="bob@lab.example.org", state=State.INVITED
    )
    address = EmailAddressFactory(user=bob, email="bob@lab.example.org", primary=False)

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    invitation.refresh_from_db()
    assert invitation.user is None


# Roles, removal, leaving --------------------------------------------------------------


def test_an_admin_makes_a_member_admin_and_several_admins_are_allowed(client, organisation):
    colleague = MembershipFactory(organisation=organisation, role=Role.MEMBER)

    client.post(member_url(colleague), {"action": "role", "role": "admin"})

    colleague.refresh_from_db()
    assert colleague.role == Role.ADMIN
    assert organisation.memberships.admins().count() == 2


def test_the_last_admin_cannot_be_demoted(client, admin):
    response = client.post(member_url(admin), {"action": "role", "role": "member"}, follow=True)

    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    assert "An organisation needs at least one admin" in response.content.decode()


def test_an_admin_can_step_down_when_another_admin_remains(client, admin):
    MembershipFactory(organisation=admin.organisation)

    client.post(member_url(admin), {"action": "role", "role": "member"})

    admin.refresh_from_db()
    assert admin.role == Role.MEMBER


def test_an_unknown_role_is_refused(client, organisation):
    colleague = MembershipFactory(organisation=organisation, role=Role.MEMBER)

    response = client.post(member_url(colleague), {"action": "role", "role": "owner"}, follow=True)

    colleague.refresh_from_db()
    assert colleague.role == Role.MEMBER
    assert "Choose a role" in response.content.decode()


def test_an_admin_removes_a_member_and_their_profile_forgets_the_organisation(client, organisation):
    colleague = MembershipFactory(organisation=organisation, role=Role.MEMBER)
    MemberProfileFactory(user=colleague.user, organisation=organisation)

    client.post(member_url(colleague), {"action": "remove"})

    assert not organisation.memberships.filter(pk=colleague.pk).exists()
    assert MemberProfile.objects.get(user=colleague.user).organisation is None


def test_the_last_admin_cannot_be_removed(client, admin):
    client.post(member_url(admin), {"action": "remove"})

    assert Membership.objects.filter(pk=admin.pk).exists()


def test_invited_admins_do_not_count_as_the_remaining_admin(client, admin):
    MembershipFactory(organisation=admin.organisation, state=State.INVITED)

    client.post(member_url(admin), {"action": "remove"})

    assert Membership.objects.filter(pk=admin.pk).exists()


def test_a_member_can_leave(client):
    membership = MembershipFactory(role=Role.MEMBER)
    MembershipFactory(organisation=membership.organisation)
    client.force_login(membership.user)

    response = client.post(f"/actors/manage/{membership.organisation.slug}/leave/")

    assert response["Location"] == "/dashboard/"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_only_admin_cannot_leave(client, admin):
    response = client.post(f"/actors/manage/{admin.organisation.slug}/leave/", follow=True)

    assert Membership.objects.filter(pk=admin.pk).exists()
    assert "You are the only admin of Cellforge" in response.content.decode()


def test_leaving_an_organisation_one_is_not_in_is_404(client, admin):
    other = OrganisationFactory()

    assert client.post(f"/actors/manage/{other.slug}/leave/").status_code == 404


def test_an_admin_cannot_touch_the_members_of_another_organisation(client, admin):
    stranger = MembershipFactory(role=Role.MEMBER)

    response = client.post(
        f"/actors/manage/{admin.organisation.slug}/members/{stranger.pk}/", {"action": "remove"}
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_member_actions_refuse_get(client, organisation):
    colleague = MembershipFactory(organisation=organisation, role=Role.MEMBER)

    assert client.get(member_url(colleague)).status_code == 405
