"""Membership actions: each a POST with CSRF, each refused (403, or 404 for what one may
not know) with nothing changed when not allowed; the notifications they send."""

import pytest
from django.core import mail
from django.test import Client
from notifications.models import Notification

from accounts.factories import VerifiedUserFactory
from accounts.models import NotificationPreference
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.models import Membership, WorkingGroupPage

pytestmark = pytest.mark.django_db


def url(name, group, membership=None):
    if membership is None:
        return f"/groups/{group.pk}/{name}/"
    return f"/groups/{group.pk}/members/{membership.pk}/{name}/"


def state(group, user):
    row = Membership.objects.filter(group=group, user=user).first()
    return (row.state, row.role) if row else None


def snapshot():
    return sorted(Membership.objects.values_list("group", "user", "state", "role"))


@pytest.fixture
def post(client):
    """POST as someone (None: anonymous); the response."""

    def post(user, path, data=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.post(path, data or {})

    return post


# A member's own actions --------------------------------------------------------------


def test_joining_an_open_group(client, groups_index, people):
    group = WorkingGroupPageFactory(
        parent=groups_index, join_policy=WorkingGroupPage.JoinPolicy.OPEN
    )
    client.force_login(people["outsider"])
    response = client.post(url("join", group), follow=True)
    assert response.redirect_chain == [(group.url, 302)]
    assert f"Welcome to {group.title}." in response.content.decode()
    assert "Leave this group" in response.content.decode()
    assert state(group, people["outsider"]) == ("active", "member")


@pytest.mark.parametrize("policy", ["request", "invitation"])
def test_joining_a_group_that_is_not_open_is_refused(post, groups_index, people, policy):
    group = WorkingGroupPageFactory(parent=groups_index, join_policy=policy)
    response = post(people["outsider"], url("join", group))
    assert response.status_code == 403
    assert state(group, people["outsider"]) is None
    assert ("ask to join" if policy == "request" else "by invitation only") in (
        response.content.decode()
    )


def test_asking_to_join_notifies_the_coordinators_and_they_approve(
    post, private_group, people, django_capture_on_commit_callbacks
):
    outsider, coordinator = people["outsider"], people["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(outsider, url("request", private_group))
    assert response.status_code == 302
    assert state(private_group, outsider) == ("requested", "member")
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.data["kind"] == "workgroups.join_request"
    assert notification.data["url"].startswith(private_group.url)
    assert (
        "outsider@example.org asks to join Confidential tech transfer" in notification.data["title"]
    )
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert [message.to for message in mail.outbox] == [[coordinator.email]]

    # Still outside: the content stays hidden while the request waits.
    html = post(outsider, private_group.url).content.decode()
    assert 'id="members"' not in html

    request_row = Membership.objects.get(group=private_group, user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(coordinator, url("approve", private_group, request_row))
    assert response.status_code == 302
    assert state(private_group, outsider) == ("active", "member")
    answer = Notification.objects.get(recipient=outsider)
    assert answer.data["kind"] == "workgroups.answer"
    assert answer.data["title"] == "You are now a member of Confidential tech transfer"


def test_a_request_to_a_group_without_coordinator_goes_to_staff_who_can_answer_it(
    client, post, groups_index, people, django_capture_on_commit_callbacks
):
    group = WorkingGroupPageFactory(parent=groups_index, title="Orphan group")
    MembershipFactory(group=group, user=people["member"])
    # A coordinator who is not active (an invitation only) coordinates nothing.
    MembershipFactory(group=group, coordinator=True, state="invited")
    # Superusers are staff for the groups too (`workgroups.models.is_staff`).
    VerifiedUserFactory(email="root@example.org", is_superuser=True)
    VerifiedUserFactory(email="former-staff@example.org", is_staff=True, is_active=False)
    outsider, staff = people["outsider"], people["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        assert post(outsider, url("request", group)).status_code == 302

    notified = Notification.objects.filter(data__kind="workgroups.join_request")
    assert sorted(notified.values_list("recipient__email", flat=True)) == [
        "root@example.org",
        "staff@example.org",
    ]
    notification = notified.get(recipient=staff)
    assert notification.data["url"] == group.url + "#requests"
    assert "no coordinator" in notification.description

    # The link leads staff to a page where they can answer, and they do.
    row = Membership.objects.get(group=group, user=outsider)
    client.force_login(staff)
    html = client.get(notification.data["url"].split("#")[0]).content.decode()
    assert 'id="requests"' in html
    assert url("approve", group, row) in html
    with django_capture_on_commit_callbacks(execute=True):
        assert post(staff, url("approve", group, row)).status_code == 302
    assert state(group, outsider) == ("active", "member")


def test_a_refused_request_is_answered_and_can_be_asked_again(
    post, public_group, people, django_capture_on_commit_callbacks
):
    outsider = people["outsider"]
    row = MembershipFactory(group=public_group, user=outsider, state="requested")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(people["staff"], url("refuse", public_group, row))
    assert response.status_code == 302
    assert state(public_group, outsider) is None
    answer = Notification.objects.get(recipient=outsider)
    assert "was not accepted" in answer.data["title"]
    assert post(outsider, url("request", public_group)).status_code == 302


def test_the_answer_respects_the_members_choice_of_channel(
    post, public_group, people, django_capture_on_commit_callbacks
):
    outsider = people["outsider"]
    NotificationPreference.objects.create(user=outsider, kind="workgroups.answer", channel="email")
    row = MembershipFactory(group=public_group, user=outsider, state="requested")
    with django_capture_on_commit_callbacks(execute=True):
        post(people["coordinator"], url("approve", public_group, row))
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert [message.to for message in mail.outbox] == [[outsider.email]]


@pytest.mark.parametrize(
    ("existing", "message"),
    [
        ("active", "already a member"),
        ("requested", "already asked"),
        ("invited", "accept the invitation"),
    ],
)
def test_asking_twice_or_when_already_in_is_refused(post, public_group, people, existing, message):
    user = VerifiedUserFactory()
    MembershipFactory(group=public_group, user=user, state=existing)
    before = snapshot()
    response = post(user, url("request", public_group))
    assert response.status_code == 403 and message in response.content.decode()
    assert snapshot() == before


def test_asking_to_join_an_open_or_invitation_group_is_refused(post, groups_index, people):
    for policy in ("open", "invitation"):
        group = WorkingGroupPageFactory(parent=groups_index, join_policy=policy)
        assert post(people["outsider"], url("request", group)).status_code == 403
        assert state(group, people["outsider"]) is None


def test_withdrawing_ones_request(post, public_group, people):
    MembershipFactory(group=public_group, user=people["outsider"], state="requested")
    assert post(people["outsider"], url("cancel-request", public_group)).status_code == 302
    assert state(public_group, people["outsider"]) is None
    assert post(people["outsider"], url("cancel-request", public_group)).status_code == 403
    # A member cannot "withdraw a request" to leave without the rules of leaving.
    assert post(people["member"], url("cancel-request", public_group)).status_code == 403
    assert state(public_group, people["member"]) == ("active", "member")


def test_an_invitation_notifies_the_invitee_who_accepts(
    post, groups_index, people, django_capture_on_commit_callbacks
):
    group = WorkingGroupPageFactory(
        parent=groups_index,
        join_policy=WorkingGroupPage.JoinPolicy.INVITATION,
        visibility=WorkingGroupPage.Visibility.MEMBERS,
    )
    MembershipFactory(group=group, user=people["coordinator"], coordinator=True)
    invitee = people["outsider"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            people["coordinator"], url("invite", group), {"email": "OUTSIDER@example.org"}
        )
    assert response.status_code == 302
    row = Membership.objects.get(group=group, user=invitee)
    assert (row.state, row.invited_by) == ("invited", people["coordinator"])
    notification = Notification.objects.get(recipient=invitee)
    assert notification.data["kind"] == "workgroups.invitation"
    # The dashboard offers the invitation.
    client = Client()
    client.force_login(invitee)
    assert "you are invited to join" in client.get("/dashboard/").content.decode()
    assert post(invitee, url("accept", group)).status_code == 302
    assert state(group, invitee) == ("active", "member")
    assert group.can_see_content(invitee)


def test_declining_an_invitation(post, public_group, people):
    MembershipFactory(group=public_group, user=people["outsider"], state="invited")
    assert post(people["outsider"], url("decline", public_group)).status_code == 302
    assert state(public_group, people["outsider"]) is None
    assert post(people["outsider"], url("accept", public_group)).status_code == 403


@pytest.mark.parametrize(
    ("email", "status", "message"),
    [
        ("nobody@example.org", 400, "No member of the platform has the address"),
        ("not an email", 400, "Enter a valid email address"),
        ("member@example.org", 400, "already a member"),
    ],
)
def test_bad_invitations_are_refused_with_a_message(
    post, public_group, people, email, status, message
):
    before = snapshot()
    response = post(people["coordinator"], url("invite", public_group), {"email": email})
    assert response.status_code == status and message in response.content.decode()
    assert snapshot() == before


def test_an_unverified_account_cannot_be_invited(post, public_group, people):
    from accounts.factories import UserFactory

    UserFactory(email="unverified@example.org")
    response = post(
        people["coordinator"], url("invite", public_group), {"email": "unverified@example.org"}
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user__email="unverified@example.org").exists()


def test_leaving_and_the_last_coordinator_rule(post, public_group, people):
    assert post(people["member"], url("leave", public_group)).status_code == 302
    assert state(public_group, people["member"]) is None
    response = post(people["coordinator"], url("leave", public_group))
    assert response.status_code == 403 and "only coordinator" in response.content.decode()
    assert state(public_group, people["coordinator"]) == ("active", "coordinator")
    assert post(people["outsider"], url("leave", public_group)).status_code == 403


def test_a_coordinator_can_leave_when_another_remains(post, public_group, people):
    other = MembershipFactory(group=public_group, coordinator=True)
    assert post(people["coordinator"], url("leave", public_group)).status_code == 302
    assert Membership.objects.get(pk=other.pk).role == "coordinator"


def test_leaving_a_members_only_group_hides_its_notifications(
    post, private_group, people, django_capture_on_commit_callbacks
):
    member = people["member"]
    other = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post(people["coordinator"], url("invite", private_group), {"email": other.email})
    # A notification of the member's about the group (as another plugin would send).
    from accounts.notify import notify

    notify(
        "workgroups.invitation",
        [member],
        verb="x",
        title="About the group",
        url="/",
        target=private_group,
    )
    post(member, url("leave", private_group))
    assert not Notification.objects.filter(recipient=member, public=True).exists()
    assert Notification.objects.filter(recipient=other, public=True).exists()


# What coordinators and staff do: the matrix ---------------------------------------------


MANAGER_ACTIONS = ["approve", "refuse", "remove", "coordinator", "member"]


def target_for(action, group):
    """The membership each management action acts on, in the state it needs."""
    if action in ("approve", "refuse"):
        return MembershipFactory(group=group, state="requested")
    if action == "member":
        return MembershipFactory(group=group, coordinator=True)
    return MembershipFactory(group=group)


@pytest.mark.parametrize("visibility", ["public", "members"])
@pytest.mark.parametrize("action", MANAGER_ACTIONS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("coordinator", 302), ("staff", 302)],
)
def test_who_may_manage_members(post, groups_index, people, visibility, action, who, status):
    group = WorkingGroupPageFactory(parent=groups_index, visibility=visibility)
    MembershipFactory(group=group, user=people["coordinator"], coordinator=True)
    MembershipFactory(group=group, user=people["member"])
    target = target_for(action, group)
    before = snapshot()
    response = post(None if who == "anonymous" else people[who], url(action, group, target))
    assert response.status_code == status
    if who == "anonymous":
        assert response.url.startswith("/accounts/login/")
    if who in ("coordinator", "staff"):
        assert snapshot() != before
        assert response.url.startswith(group.url)
    else:
        assert snapshot() == before


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_only_managers_invite(post, public_group, people, who):
    response = post(
        people[who], url("invite", public_group), {"email": VerifiedUserFactory().email}
    )
    assert response.status_code == 403
    assert Membership.objects.filter(group=public_group).count() == 2


def test_managing_works_by_post_only(client, public_group, people):
    row = MembershipFactory(group=public_group, state="requested")
    client.force_login(people["coordinator"])
    for path in (
        url("approve", public_group, row),
        url("join", public_group),
        url("leave", public_group),
    ):
        assert client.get(path).status_code == 405
    assert state(public_group, row.user) == ("requested", "member")


def test_every_action_needs_the_csrf_token(public_group, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["outsider"])
    assert client.post(url("request", public_group)).status_code == 403
    assert state(public_group, people["outsider"]) is None


def test_no_one_approves_their_own_request(post, public_group, people):
    staff = people["staff"]
    own = MembershipFactory(group=public_group, user=staff, state="requested")
    response = post(staff, url("approve", public_group, own))
    assert response.status_code == 403 and "your own request" in response.content.decode()
    assert state(public_group, staff) == ("requested", "member")


def test_a_forged_membership_id_is_not_found_and_changes_nothing(
    post, groups_index, public_group, people
):
    elsewhere = WorkingGroupPageFactory(parent=groups_index)
    row = MembershipFactory(group=elsewhere, state="requested")
    before = snapshot()
    for action in MANAGER_ACTIONS:
        assert post(people["coordinator"], url(action, public_group, row)).status_code == 404
    assert (
        post(
            people["coordinator"], f"/groups/{public_group.pk}/members/999999/approve/"
        ).status_code
        == 404
    )
    assert snapshot() == before


@pytest.mark.parametrize("action", ["refuse", "remove"])
def test_a_second_click_on_a_row_already_gone_says_so(post, public_group, people, action):
    # A double click on "Refuse" or "Remove from the group", or two coordinators at once:
    # the first deletes the row; the second gets the group's page of reasons, not a bare 404.
    state_ = "requested" if action == "refuse" else "active"
    row = MembershipFactory(group=public_group, state=state_)
    assert post(people["coordinator"], url(action, public_group, row)).status_code == 302
    response = post(people["coordinator"], url(action, public_group, row))
    assert response.status_code == 404
    content = response.content.decode()
    assert "is no longer in the group" in content
    assert f"Back to {public_group.title}" in content
    assert not Membership.objects.filter(pk=row.pk).exists()


def test_a_group_one_cannot_see_is_not_found(post, groups_index, people):
    draft = WorkingGroupPageFactory(parent=groups_index, live=False, join_policy="open")
    assert post(people["outsider"], url("join", draft)).status_code == 404
    assert post(people["outsider"], "/groups/999999/join/").status_code == 404
    assert not Membership.objects.filter(group=draft).exists()


def test_the_last_coordinator_cannot_be_demoted_or_removed(post, public_group, people):
    own = Membership.objects.get(group=public_group, user=people["coordinator"])
    response = post(people["staff"], url("member", public_group, own))
    assert response.status_code == 403 and "only coordinator" in response.content.decode()
    assert post(people["staff"], url("remove", public_group, own)).status_code == 403
    assert state(public_group, people["coordinator"]) == ("active", "coordinator")


def test_a_coordinator_removes_themselves_only_by_leaving(post, public_group, people):
    own = Membership.objects.get(group=public_group, user=people["coordinator"])
    MembershipFactory(group=public_group, coordinator=True)
    response = post(people["coordinator"], url("remove", public_group, own))
    assert response.status_code == 403
    assert state(public_group, people["coordinator"]) == ("active", "coordinator")


def test_promoting_someone_who_is_only_invited_or_asking_is_refused(post, public_group, people):
    for row_state in ("invited", "requested"):
        row = MembershipFactory(group=public_group, state=row_state)
        assert post(people["coordinator"], url("coordinator", public_group, row)).status_code == 403
        assert state(public_group, row.user) == (row_state, "member")


def test_an_unpublished_or_deleted_group_leaves_the_notification_centres(
    post, public_group, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(people["outsider"], url("request", public_group))
    assert Notification.objects.filter(recipient=people["coordinator"], public=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        public_group.unpublish()
    assert not Notification.objects.filter(public=True).exists()
