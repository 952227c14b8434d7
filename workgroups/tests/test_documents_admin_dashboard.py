"""A group's documents (listed and downloaded only by those who may see its content), the
staff's admin, the dashboard panel, the navigation and the demo content."""

import io

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from wagtail.models import Collection, PageViewRestriction

from accounts.factories import VerifiedUserFactory
from workgroups.documents import may_download
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.models import Membership, WorkingGroupPage
from workgroups.signals import ActivityItem, GroupSection, group_activity, group_sections
from workgroups.tests.documents import DocumentFactory

pytestmark = pytest.mark.django_db


def download(client, user, document):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(document.url)


@pytest.mark.parametrize(
    ("who", "public", "members_only"),
    [
        ("anonymous", 200, 404),
        ("outsider", 200, 404),
        ("member", 200, 200),
        ("coordinator", 200, 200),
        ("staff", 200, 200),
    ],
)
def test_who_downloads_a_groups_documents(
    client, public_group, private_group, people, who, public, members_only
):
    user = None if who == "anonymous" else people[who]
    public_document = DocumentFactory(collection=public_group.collection)
    private_document = DocumentFactory(collection=private_group.collection, title="Secret plan")
    assert download(client, user, public_document).status_code == public
    assert download(client, user, private_document).status_code == members_only
    listed = "Secret plan" in client.get(private_group.url).content.decode()
    assert listed is (members_only == 200)


def test_group_documents_are_kept_out_of_shared_caches(client, public_group, private_group, people):
    private_document = DocumentFactory(collection=private_group.collection)
    response = download(client, people["member"], private_document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Minutes of the meeting."
    assert "private" in {part.strip() for part in response["Cache-Control"].split(",")}
    # Wagtail's own response, marked: its headers are still there.
    assert response["X-Content-Type-Options"] == "nosniff"
    # A public group's too: the group may be made members-only tomorrow.
    public_document = DocumentFactory(collection=public_group.collection)
    assert "private" in download(client, None, public_document)["Cache-Control"]


def test_documents_of_an_unpublished_group_or_without_group_are_for_staff_only(
    client, groups_index, private_group, people
):
    private_group.unpublish()
    document = DocumentFactory(collection=private_group.collection)
    assert download(client, people["member"], document).status_code == 404
    assert download(client, people["staff"], document).status_code == 200
    loose = DocumentFactory(collection=groups_index.collection)
    assert may_download(loose, people["member"]) is False
    assert may_download(loose, people["staff"]) is True
    # Its group deleted, a document stays private.
    private_group.delete()
    document.refresh_from_db()
    assert may_download(document, people["member"]) is False
    # Documents elsewhere are not this plugin's business.
    other = DocumentFactory(collection=Collection.get_first_root_node())
    assert may_download(other, AnonymousUser()) is None
    assert download(client, None, other).status_code == 200


def test_a_document_in_a_sub_collection_of_a_group_follows_the_group(client, private_group, people):
    sub = private_group.collection.add_child(name="Minutes")
    document = DocumentFactory(collection=sub)
    assert download(client, people["outsider"], document).status_code == 404
    assert download(client, people["member"], document).status_code == 200
    assert document.title in client.get(private_group.url).content.decode()


def test_a_restricted_group_page_keeps_its_documents_too(client, public_group, people):
    PageViewRestriction.objects.create(page=public_group, restriction_type="groups")
    document = DocumentFactory(collection=public_group.collection)
    assert download(client, people["outsider"], document).status_code == 404


# The admin ------------------------------------------------------------------------------


def test_staff_manage_memberships_in_the_admin(client, public_group, people):
    admin = VerifiedUserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/workgroups_memberships/")
    assert response.status_code == 200
    assert "coordinator@example.org" in response.content.decode()
    response = client.post(
        "/admin/workgroups_memberships/new/",
        {
            "group": public_group.pk,
            "user": people["outsider"].pk,
            "role": "coordinator",
            "state": "active",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(group=public_group, user=people["outsider"]).role == "coordinator"
    # The same person twice is refused with a message.
    response = client.post(
        "/admin/workgroups_memberships/new/",
        {
            "group": public_group.pk,
            "user": people["outsider"].pk,
            "role": "member",
            "state": "active",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_a_member_without_admin_access_does_not_reach_the_admin(client, people):
    client.force_login(people["member"])
    assert client.get("/admin/workgroups_memberships/").status_code == 302


def test_staff_create_a_group_under_the_index_in_the_admin(client, groups_index):
    admin = VerifiedUserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/admin/pages/add/workgroups/workinggrouppage/{groups_index.pk}/")
    assert response.status_code == 200
    home = groups_index.get_parent()
    assert client.get(
        f"/admin/pages/add/workgroups/workinggroupindexpage/{home.pk}/"
    ).status_code in (
        302,
        403,
    )  # max_count 1: there is one already


# The dashboard, the navigation, other plugins' sections and activity ------------------


def test_the_dashboard_lists_my_groups_requests_and_activity(
    client, public_group, private_group, people
):
    coordinator = people["coordinator"]
    MembershipFactory(group=private_group, state="requested")
    MembershipFactory(group=private_group, state="requested")
    asked = WorkingGroupPageFactory(parent=public_group.get_parent(), title="Vaccines")
    MembershipFactory(group=asked, user=coordinator, state="requested")

    seen = []

    def activity(sender, groups, user, **kwargs):
        seen.append(({group.pk for group in groups}, user))
        return [
            ActivityItem(
                group=groups[0],
                title="New topic: <b>kick-off</b>",
                url="/forum/t/1/",
                when=groups[0].first_published_at,
            ),
        ]

    group_activity.connect(activity)
    try:
        client.force_login(coordinator)
        html = client.get("/dashboard/").content.decode()
    finally:
        group_activity.disconnect(activity)
    assert "Your working groups" in html
    assert public_group.title in html and private_group.title in html
    assert "2 requests to join wait for you" in html
    assert "asked on" in html and "Vaccines" in html
    assert "New topic: &lt;b&gt;kick-off&lt;/b&gt;" in html
    # Activity is asked for the groups the member is in, not those they asked to join.
    assert seen == [({public_group.pk, private_group.pk}, coordinator)]


def test_other_plugins_add_sections_only_for_those_who_see_the_content(
    client, private_group, people
):
    def section(sender, group, request, **kwargs):
        return GroupSection(
            title="Latest forum activity",
            template="workgroups/tests/section.html",
            context={"text": "FORUM-SECTION"},
        )

    group_sections.connect(section)
    try:
        assert "FORUM-SECTION" not in client.get(private_group.url).content.decode()
        client.force_login(people["member"])
        assert "FORUM-SECTION" in client.get(private_group.url).content.decode()
    finally:
        group_sections.disconnect(section)


def test_the_navigation_leads_to_the_groups(client, groups_index):
    html = client.get("/groups/").content.decode()
    assert 'href="/groups/"' in html and "Working groups" in html


def test_the_demo_content_is_created_once(db):
    from workgroups import demo

    call_command("seed_demo", stdout=io.StringIO())
    assert WorkingGroupPage.objects.live().count() == len(demo.GROUPS)
    assert WorkingGroupPage.objects.filter(visibility="members").count() == 2
    before = sorted(Membership.objects.values_list("group", "user", "role", "state"))
    out = io.StringIO()
    demo.seed(out)
    assert "0 created, 4 found" in out.getvalue()
    assert sorted(Membership.objects.values_list("group", "user", "role", "state")) == before
    member = Membership.objects.filter(user__email="member@cobioe.example")
    assert member.filter(role="coordinator", state="active").exists()
    assert member.filter(state="invited").exists()


@pytest.mark.parametrize("groups", [1, 20])
def test_the_dashboard_panel_costs_a_fixed_number_of_queries(
    rf, groups_index, people, django_assert_num_queries, groups
):
    from django.template.loader import render_to_string

    coordinator = people["coordinator"]
    for _number in range(groups):
        group = WorkingGroupPageFactory(parent=groups_index)
        MembershipFactory(group=group, user=coordinator, coordinator=True)
        MembershipFactory(group=group, state="requested")
        invited = WorkingGroupPageFactory(parent=groups_index)
        MembershipFactory(group=invited, user=coordinator, state="invited")
    request = rf.get("/dashboard/")
    request.user = coordinator
    # Once before counting: the request learns its site, as the dashboard's layout does.
    render_to_string("workgroups/panels/my_groups.html", request=request)
    # The view restrictions, the member's rows, the requests waiting in their groups; with
    # the forum installed, its activity looking the groups' forums up (none here).
    with django_assert_num_queries(3 + apps.is_installed("forum")):
        html = render_to_string("workgroups/panels/my_groups.html", request=request)
    assert html.count("you are invited to join.") == groups
