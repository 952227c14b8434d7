"""The /groups/ list and a group's page: what each viewer sees, and what it costs."""

import re

import pytest
from django.apps import apps
from wagtail.models import PageViewRestriction

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory, OrganisationFactory
from actors.models import Organisation
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.models import Membership, WorkingGroupPage
from workgroups.tests.documents import DocumentFactory
from workgroups.views import GROUPS_PER_PAGE

pytestmark = pytest.mark.django_db


def group_titles(response) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', response.content.decode())


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


# The list ------------------------------------------------------------------------------


def test_the_list_shows_live_public_groups_by_title(client, groups_index, people):
    WorkingGroupPageFactory(parent=groups_index, title="Vaccines")
    WorkingGroupPageFactory(
        parent=groups_index, title="Antibodies", visibility=WorkingGroupPage.Visibility.MEMBERS
    )
    WorkingGroupPageFactory(parent=groups_index, title="Draft group", live=False)
    restricted = WorkingGroupPageFactory(parent=groups_index, title="Restricted group")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    response = client.get("/groups/")
    assert response.status_code == 200
    assert group_titles(response) == ["Antibodies", "Vaccines"]
    assert page_title(response) == "Working groups · COBIOE"
    html = response.content.decode()
    assert "Members only" in html and "2 working groups" in html


def test_the_list_tells_a_member_where_they_stand_and_filters_their_groups(
    client, public_group, private_group, groups_index, people
):
    other = WorkingGroupPageFactory(parent=groups_index, title="Vaccines")
    MembershipFactory(group=other, user=people["outsider"], state=Membership.State.REQUESTED)
    client.force_login(people["outsider"])
    html = client.get("/groups/").content.decode()
    assert "You have asked to join." in html
    client.force_login(people["member"])
    response = client.get("/groups/?mine=1")
    assert group_titles(response) == ["Confidential tech transfer", "Open process development"]
    assert page_title(response) == "My working groups · COBIOE"


def test_member_counts_are_shown_only_where_the_viewer_may_see_the_content(
    client, public_group, private_group, people
):
    html = client.get("/groups/").content.decode()
    assert html.count("2 members") == 1  # the public group's, not the members-only one's
    client.force_login(people["member"])
    assert client.get("/groups/").content.decode().count("2 members") == 2


def test_a_page_past_the_end_shows_the_last_page_with_a_note(client, groups_index):
    for number in range(GROUPS_PER_PAGE + 1):
        WorkingGroupPageFactory(parent=groups_index, title=f"Group {number:02}")
    response = client.get("/groups/?page=9")
    assert group_titles(response) == ["Group 20"]
    assert "There is no page 9" in response.content.decode()


@pytest.mark.parametrize(("groups", "mine"), [(1, 1), (200, 20)])
def test_the_list_costs_a_fixed_number_of_queries(
    client, groups_index, people, django_assert_num_queries, groups, mine
):
    member = people["member"]
    for number in range(groups):
        group = WorkingGroupPageFactory(
            parent=groups_index, title=f"Group {number:03}", topics=["cell therapy", "qc"]
        )
        if number < mine:
            MembershipFactory(group=group, user=member, coordinator=number % 2 == 0)
        MembershipFactory(group=group)
    client.force_login(member)
    client.get("/groups/")  # caches the site and its navigation
    # Wagtail finding the page and its view restrictions (6), session and user, the count,
    # the page of groups, their topics, stages and the viewer's rows, the user bar's
    # permissions (2), the unread notifications.
    with django_assert_num_queries(17):
        response = client.get("/groups/")
    assert len(group_titles(response)) == min(groups, GROUPS_PER_PAGE)
    with django_assert_num_queries(17):
        response = client.get("/groups/?mine=1")
    assert len(group_titles(response)) == min(mine, GROUPS_PER_PAGE)


# A group's page --------------------------------------------------------------------------


def member_names(response) -> list[str]:
    section = response.content.decode().split('id="members"', 1)
    if len(section) < 2:
        return []
    section = section[1].split("</section>", 1)[0]
    return re.findall(r'<span class="member-name">([^<]*)</span>', section)


def test_a_group_page_shows_its_content_and_its_members_with_their_organisations(
    client, public_group, people
):
    organisation = OrganisationFactory(name="Helixa Cells")
    draft = OrganisationFactory(name="Secret Draft Org", status=Organisation.Status.DRAFT)
    MemberProfileFactory(
        user=people["coordinator"], display_name="Carla Coordinator", organisation=organisation
    )
    MemberProfileFactory(user=people["member"], display_name="Mo Member", organisation=draft)
    public_group.topics.add("cell therapy")
    public_group.save()
    response = client.get(public_group.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert member_names(response) == ["Carla Coordinator", "Mo Member"]
    assert "Helixa Cells" in html and organisation.get_absolute_url() in html
    assert "Secret Draft Org" not in html
    assert "cell therapy" in html
    assert "<h1>Open process development</h1>" in html
    # Nobody's email is shown to a visitor.
    assert "member@example.org" not in html and "coordinator@example.org" not in html


@pytest.mark.parametrize(
    ("who", "sees_content"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", True),
        ("coordinator", True),
        ("staff", True),
    ],
)
def test_a_members_only_group_page_shows_its_content_to_members_and_staff_only(
    client, private_group, people, who, sees_content
):
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(private_group.url)
    assert response.status_code == 200  # the page itself is public: one may ask to join
    html = response.content.decode()
    assert private_group.title in html and private_group.summary in html
    assert ('id="members"' in html) is sees_content
    assert ('id="documents"' in html) is sees_content
    assert ("visible to its members only" in html) is not sees_content
    assert ("Manage the group" in html) is (who in ("coordinator", "staff"))


def test_the_viewer_sees_the_action_that_applies_to_them(client, groups_index, people):
    open_group = WorkingGroupPageFactory(
        parent=groups_index, join_policy=WorkingGroupPage.JoinPolicy.OPEN
    )
    on_request = WorkingGroupPageFactory(parent=groups_index)
    by_invitation = WorkingGroupPageFactory(
        parent=groups_index, join_policy=WorkingGroupPage.JoinPolicy.INVITATION
    )
    assert "Sign in to join this group" in client.get(open_group.url).content.decode()
    client.force_login(people["outsider"])
    assert "Join this group" in client.get(open_group.url).content.decode()
    assert "Ask to join this group" in client.get(on_request.url).content.decode()
    assert "by invitation only" in client.get(by_invitation.url).content.decode()
    MembershipFactory(group=on_request, user=people["outsider"], state="requested")
    assert "Withdraw my request" in client.get(on_request.url).content.decode()
    MembershipFactory(group=by_invitation, user=people["outsider"], state="invited")
    html = client.get(by_invitation.url).content.decode()
    assert "Accept the invitation" in html and "Decline" in html
    MembershipFactory(group=open_group, user=people["outsider"])
    assert "Leave this group" in client.get(open_group.url).content.decode()


def test_coordinators_see_requests_invitations_and_emails(client, public_group, people):
    asking = VerifiedUserFactory(email="asking@example.org")
    MembershipFactory(group=public_group, user=asking, state="requested")
    MembershipFactory(group=public_group, state="invited")
    client.force_login(people["coordinator"])
    html = client.get(public_group.url).content.decode()
    assert "asking@example.org" in html
    assert "Approve" in html and "Refuse" in html and "Withdraw the invitation" in html
    assert "Make coordinator" in html and "Remove from the group" in html
    client.force_login(people["member"])
    html = client.get(public_group.url).content.decode()
    assert "asking@example.org" not in html and "Approve" not in html


def test_user_text_is_escaped_everywhere_it_is_shown(client, groups_index, people):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    group = WorkingGroupPageFactory(parent=groups_index, title=payload, summary=payload)
    group.topics.add(payload)
    group.save()
    MemberProfileFactory(user=people["member"], display_name=payload, job_title=payload)
    MembershipFactory(group=group, user=people["member"])
    MembershipFactory(group=group, user=people["coordinator"], coordinator=True)
    client.force_login(people["coordinator"])
    for url in (group.url, "/groups/", "/dashboard/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


@pytest.mark.parametrize("members", [1, 60])
def test_a_group_page_costs_a_fixed_number_of_queries(
    client, public_group, people, django_assert_num_queries, members
):
    for _number in range(members):
        profile = MemberProfileFactory(organisation=OrganisationFactory())
        MembershipFactory(group=public_group, user=profile.user)
    MembershipFactory(group=public_group, state="requested")
    for _number in range(min(members, 25)):
        DocumentFactory(collection=public_group.collection)
    public_group.topics.add("qc")
    public_group.save()
    client.force_login(people["coordinator"])
    client.get(public_group.url)
    # Wagtail finding the page, its parent and view restrictions (8), session and user,
    # the viewer's row, topics, stages, members (count, page, coordinators), documents
    # (collection, count, page), requests and invitations, the user bar's permissions
    # (2), the unread notifications (the navigation is cached); with the forum installed,
    # its section looking the group's forum up (this group, never published, has none).
    with django_assert_num_queries(23 + apps.is_installed("forum")):
        response = client.get(public_group.url)
    assert response.status_code == 200
