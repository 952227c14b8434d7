"""The memberships admin: the member chooser (searched, paginated, for those who manage
memberships only), the site's last-coordinator rule kept there, the people told of what
staff did, and pages that cost the same queries for one row as for many."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from notifications.models import Notification

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.models import Membership

pytestmark = pytest.mark.django_db

MEMBERSHIPS = "/admin/workgroups_memberships/"


@pytest.fixture
def admin(client):
    user = VerifiedUserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def staff_with(*permissions, email="editor@example.org"):
    """Staff whose role grants the admin and the given permissions ("app.codename")."""
    role = Group.objects.create(name=f"Role of {email}")
    for permission in ["wagtailadmin.access_admin", *permissions]:
        app_label, codename = permission.split(".")
        role.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = VerifiedUserFactory(email=email, is_staff=True)
    user.groups.add(role)
    return user


def chooser_url(view="choose"):
    return reverse(f"workgroups_member_chooser:{view}")


def choices(html):
    """The names a member chooser's results offer, in order."""
    return [
        name.strip() for name in re.findall(r"data-chooser-modal-choice[^>]*>([^<]*)</a>", html)
    ]


def shown_messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def row(membership):
    membership.refresh_from_db()
    return (membership.group_id, membership.user_id, membership.state, membership.role)


def edit(client, membership, **changes):
    data = {
        "group": membership.group_id,
        "user": membership.user_id,
        "role": membership.role,
        "state": membership.state,
        **changes,
    }
    return client.post(f"{MEMBERSHIPS}edit/{membership.pk}/", data)


def create(client, group, user, **fields):
    data = {"group": group.pk, "user": user.pk, "role": "member", "state": "active", **fields}
    return client.post(f"{MEMBERSHIPS}new/", data)


# The member chooser -------------------------------------------------------------------


def test_the_membership_form_chooses_the_member_instead_of_listing_every_account(
    client, admin, public_group, people
):
    html = client.get(f"{MEMBERSHIPS}new/").content.decode()

    assert f'data-chooser-url="{chooser_url()}"' in html
    # No account is listed in the page: not the outsider's address, not in any <option>.
    assert "outsider@example.org" not in html
    assert not re.search(r'<select[^>]*name="user"', html)
    assert not re.search(r'<select[^>]*name="invited_by"', html)


def test_the_edit_form_shows_the_chosen_member_by_name_and_address(
    client, admin, public_group, people
):
    MemberProfileFactory(user=people["member"], display_name="Mary Member")
    membership = Membership.objects.get(group=public_group, user=people["member"])

    html = client.get(f"{MEMBERSHIPS}edit/{membership.pk}/").content.decode()

    assert "Mary Member &lt;member@example.org&gt;" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("ada", ["Ada Lovelace"]),  # the profile's name
        ("lovelace ADA", ["Ada Lovelace"]),  # every word, any order, any case
        ("hopper", ["grace@navy.example.org"]),  # the account's name (no profile)
        ("navy.example", ["grace@navy.example.org"]),  # the address
        ("example", ["Ada Lovelace", "grace@navy.example.org"]),
        ("nobody", []),
    ],
)
def test_the_member_chooser_searches_names_and_addresses(client, admin, query, shown):
    MemberProfileFactory(
        user=VerifiedUserFactory(email="ada@example.org"), display_name="Ada Lovelace"
    )
    VerifiedUserFactory(email="grace@navy.example.org", first_name="Grace", last_name="Hopper")
    VerifiedUserFactory(email="closed@example.org", is_active=False)

    html = client.get(chooser_url("choose_results"), {"q": query}).content.decode()

    assert [name for name in choices(html) if name != admin.email] == shown
    assert "closed@example.org" not in html  # a closed account takes part in nothing


def test_the_member_chooser_shows_names_and_addresses_a_page_at_a_time(client, admin):
    for number in range(30):
        VerifiedUserFactory(email=f"person{number:02}@example.org")

    first = client.get(chooser_url()).content.decode()
    second = client.get(chooser_url("choose_results"), {"p": 2}).content.decode()

    assert "Email address" in first
    assert len(choices(first)) == 25
    assert len(choices(second)) == 6  # the 30 and the admin
    assert set(choices(first)).isdisjoint(choices(second))


def test_choosing_a_member_answers_with_their_name_and_address(client, admin, people):
    MemberProfileFactory(user=people["member"], display_name="Mary Member")

    response = client.get(reverse("workgroups_member_chooser:chosen", args=[people["member"].pk]))

    assert response.json()["result"]["title"] == "Mary Member <member@example.org>"


@pytest.mark.parametrize("view", ["choose", "choose_results", "chosen"])
def test_the_member_chooser_is_for_those_who_manage_memberships(client, people, view):
    args = [people["member"].pk] if view == "chosen" else []
    url = reverse(f"workgroups_member_chooser:{view}", args=args)

    client.force_login(people["member"])  # no admin at all
    assert client.get(url).status_code == 302
    client.force_login(staff_with(email="news-editor@example.org"))  # the admin, no more
    refused = client.get(url)
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    client.force_login(staff_with("workgroups.change_membership", email="groups@example.org"))
    assert client.get(url).status_code == 200


def test_the_member_chooser_costs_the_same_queries_for_one_account_and_many(client, admin):
    MemberProfileFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(chooser_url())
    for _ in range(30):
        MemberProfileFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(chooser_url())

    assert len(many) == len(one)


# The last coordinator -----------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"role": "member"},
        {"state": "invited"},
        {"state": "requested"},
        {"group": "other"},
    ],
)
def test_staff_cannot_demote_the_last_coordinator(client, admin, public_group, people, changes):
    coordinator = Membership.objects.get(group=public_group, user=people["coordinator"])
    before = row(coordinator)
    if changes.get("group") == "other":
        changes["group"] = WorkingGroupPageFactory(parent=public_group.get_parent()).pk

    response = edit(client, coordinator, **changes)

    assert response.status_code == 200
    assert (
        "This is the group&#x27;s only coordinator: make another member coordinator first."
        in response.content.decode()
    )
    assert row(coordinator) == before


def test_staff_demote_a_coordinator_when_another_remains(client, admin, public_group, people):
    coordinator = Membership.objects.get(group=public_group, user=people["coordinator"])
    member = Membership.objects.get(group=public_group, user=people["member"])
    assert edit(client, member, role="coordinator").status_code == 302

    assert edit(client, coordinator, role="member").status_code == 302

    assert row(coordinator)[3] == "member"
    assert public_group.coordinators() == [people["member"]]


def test_staff_cannot_delete_the_last_coordinator(client, admin, public_group, people):
    coordinator = Membership.objects.get(group=public_group, user=people["coordinator"])
    delete_url = f"{MEMBERSHIPS}delete/{coordinator.pk}/"
    edit_url = f"{MEMBERSHIPS}edit/{coordinator.pk}/"
    message = "This is the group's only coordinator: make another member coordinator first."

    asked = client.get(delete_url)
    assert (asked.status_code, asked["Location"]) == (302, edit_url)
    assert shown_messages(asked) == [message]
    client.get(edit_url)  # where the message is shown

    response = client.post(delete_url)

    assert (response.status_code, response["Location"]) == (302, edit_url)
    assert shown_messages(response) == [message]
    assert Membership.objects.filter(pk=coordinator.pk).exists()


def test_staff_delete_a_member_or_a_coordinator_who_is_not_the_last(
    client, admin, public_group, people
):
    member = Membership.objects.get(group=public_group, user=people["member"])
    second = MembershipFactory(group=public_group, coordinator=True)

    assert client.post(f"{MEMBERSHIPS}delete/{member.pk}/").status_code == 302
    assert client.post(f"{MEMBERSHIPS}delete/{second.pk}/").status_code == 302

    assert list(public_group.memberships.values_list("user", flat=True)) == [
        people["coordinator"].pk
    ]


# The people told ----------------------------------------------------------------------


def test_a_member_staff_add_is_told(client, admin, commit, public_group, people):
    with commit():
        response = create(client, public_group, people["outsider"])

    assert response.status_code == 302
    notification = Notification.objects.get(recipient=people["outsider"])
    assert notification.data == {
        "title": "You are now a member of Open process development",
        "url": public_group.url,
        "kind": "workgroups.added",
    }
    assert notification.actor == admin
    assert notification.target == public_group


def test_a_coordinator_staff_add_is_told_so(client, admin, commit, public_group, people):
    with commit():
        create(client, public_group, people["outsider"], role="coordinator")

    notification = Notification.objects.get(recipient=people["outsider"])
    assert notification.data["title"] == "You are now a coordinator of Open process development"


def test_an_invitation_staff_make_is_the_coordinators_invitation(
    client, admin, commit, public_group, people
):
    MemberProfileFactory(user=admin, display_name="Site Staff")
    with commit():
        response = create(client, public_group, people["outsider"], state="invited")

    assert response.status_code == 302
    membership = Membership.objects.get(group=public_group, user=people["outsider"])
    assert membership.invited_by == admin
    notification = Notification.objects.get(recipient=people["outsider"])
    assert notification.data["kind"] == "workgroups.invitation"
    assert notification.data["title"] == "Site Staff invites you to join Open process development"
    assert notification.description == "Accept or decline the invitation on the group's page."
    assert notification.action_object == membership
    # The invitation is shown to the invitee, who accepts it as any other.
    client.force_login(people["outsider"])
    assert "you are invited to join" in client.get("/dashboard/").content.decode()


def test_a_request_staff_approve_is_answered(client, admin, commit, public_group, people):
    request = MembershipFactory(group=public_group, user=people["outsider"], state="requested")

    with commit():
        assert edit(client, request, state="active").status_code == 302

    notification = Notification.objects.get(recipient=people["outsider"])
    assert notification.data["kind"] == "workgroups.answer"
    assert notification.data["title"] == "You are now a member of Open process development"


def test_changing_a_members_role_or_nothing_tells_no_one(
    client, admin, commit, public_group, people
):
    member = Membership.objects.get(group=public_group, user=people["member"])
    with commit():
        edit(client, member, role="coordinator")
        edit(client, member)

    assert not Notification.objects.exists()


def test_a_member_staff_remove_from_a_members_only_group_no_longer_sees_its_notifications(
    client, admin, commit, private_group, people
):
    member = Membership.objects.get(group=private_group, user=people["member"])
    notification = Notification.objects.create(
        recipient=people["member"], actor=admin, verb="posted", target=private_group
    )

    with commit():
        assert client.post(f"{MEMBERSHIPS}delete/{member.pk}/").status_code == 302

    notification.refresh_from_db()
    assert notification.public is False


# Query budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "edit"])
def test_the_memberships_pages_cost_the_same_queries_for_one_row_and_many(
    client, admin, groups_index, page
):
    group = WorkingGroupPageFactory(parent=groups_index)
    first = MembershipFactory(group=group, coordinator=True, invited_by=admin)
    url = MEMBERSHIPS if page == "list" else f"{MEMBERSHIPS}edit/{first.pk}/"
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(29):
        MembershipFactory(group=WorkingGroupPageFactory(parent=groups_index))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(one)
