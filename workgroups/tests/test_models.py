"""The rules of the working groups, in the one place they live (models), and the signals
the plugin sends."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Collection, PageViewRestriction

from accounts.factories import VerifiedUserFactory
from home.models import HomePage
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.models import Membership, WorkingGroupIndexPage, WorkingGroupPage
from workgroups.signals import group_changed, membership_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """What membership_changed and group_changed sent, as (signal name, kwargs)."""
    calls = []

    def on_membership(sender, **kwargs):
        calls.append(("membership_changed", kwargs))

    def on_group(sender, **kwargs):
        calls.append(("group_changed", kwargs))

    membership_changed.connect(on_membership)
    group_changed.connect(on_group)
    yield calls
    membership_changed.disconnect(on_membership)
    group_changed.disconnect(on_group)


def test_the_home_page_accepts_the_groups_index_and_the_index_only_groups():
    assert WorkingGroupIndexPage in HomePage.clean_subpage_models()
    assert WorkingGroupIndexPage.clean_subpage_models() == [WorkingGroupPage]
    assert WorkingGroupPage.clean_parent_page_models() == [WorkingGroupIndexPage]


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "member", "outsider", "staff"])
def test_rules_for_a_public_group(public_group, people, who):
    user = AnonymousUser() if who == "anonymous" else people[who]
    assert public_group.can_see_content(user)
    assert public_group.is_member(user) == (who in ("coordinator", "member"))
    assert public_group.is_coordinator(user) == (who == "coordinator")
    assert public_group.can_manage(user) == (who in ("coordinator", "staff"))


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "member", "outsider", "staff"])
def test_rules_for_a_members_only_group(private_group, people, who):
    user = AnonymousUser() if who == "anonymous" else people[who]
    assert private_group.can_see_content(user) == (who in ("coordinator", "member", "staff"))
    assert private_group.is_member(user) == (who in ("coordinator", "member"))
    assert private_group.can_manage(user) == (who in ("coordinator", "staff"))
    # The page itself exists for everybody, so that people can ask to join.
    assert WorkingGroupPage.objects.visible_to(user).filter(pk=private_group.pk).exists()


def test_requested_and_invited_people_are_not_members(private_group):
    asking = MembershipFactory(group=private_group, state=Membership.State.REQUESTED).user
    invited = MembershipFactory(
        group=private_group, state=Membership.State.INVITED, coordinator=True
    ).user
    for user in (asking, invited):
        assert not private_group.is_member(user)
        assert not private_group.is_coordinator(user)
        assert not private_group.can_see_content(user)
        assert not private_group.can_manage(user)


def test_an_inactive_staff_account_is_not_staff(private_group):
    user = VerifiedUserFactory(is_staff=True, is_active=False)
    assert not private_group.can_see_content(user)
    assert not private_group.can_manage(user)


def test_querysets(public_group, private_group, groups_index, people):
    draft = WorkingGroupPageFactory(parent=groups_index, live=False)
    MembershipFactory(group=draft, user=people["member"])
    restricted = WorkingGroupPageFactory(parent=groups_index)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    visible = WorkingGroupPage.objects.visible_to(people["outsider"])
    assert set(visible) == {public_group, private_group}
    assert set(WorkingGroupPage.objects.with_content_visible_to(AnonymousUser())) == {public_group}
    assert set(WorkingGroupPage.objects.with_content_visible_to(people["outsider"])) == {
        public_group
    }
    assert set(WorkingGroupPage.objects.with_content_visible_to(people["member"])) == {
        public_group,
        private_group,
    }
    assert set(WorkingGroupPage.objects.with_content_visible_to(people["staff"])) == {
        public_group,
        private_group,
    }
    assert set(WorkingGroupPage.objects.member_of(people["member"])) == {
        public_group,
        private_group,
        draft,
    }
    assert set(WorkingGroupPage.objects.coordinated_by(people["coordinator"])) == {
        public_group,
        private_group,
    }
    assert not WorkingGroupPage.objects.member_of(AnonymousUser()).exists()
    memberships = Membership.objects.filter(group=private_group)
    assert memberships.active().coordinators().get().user == people["coordinator"]
    MembershipFactory(group=private_group, state=Membership.State.REQUESTED)
    MembershipFactory(group=private_group, state=Membership.State.INVITED)
    assert memberships.requested().count() == 1
    assert memberships.invited().count() == 1


def test_each_group_gets_its_own_collection_under_the_sections(groups_index):
    first = WorkingGroupPageFactory(parent=groups_index, title="Cell therapy")
    second = WorkingGroupPageFactory(parent=groups_index, title="Vaccines")
    assert first.collection != second.collection
    assert first.collection.name == "Cell therapy"
    assert first.collection.get_parent() == groups_index.collection
    assert groups_index.collection.get_parent() == Collection.get_first_root_node()


def test_a_copied_group_gets_a_collection_of_its_own(groups_index):
    group = WorkingGroupPageFactory(parent=groups_index, title="Cell therapy")
    copy = group.copy(update_attrs={"slug": "cell-therapy-2", "title": "Cell therapy 2"})
    copy = WorkingGroupPage.objects.get(pk=copy.pk)
    assert copy.collection_id and copy.collection_id != group.collection_id


def test_one_membership_per_group_and_person(public_group, people):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=public_group, user=people["member"])


def test_membership_changed_is_sent_after_commit_on_every_change(
    groups_index, people, received, django_capture_on_commit_callbacks
):
    from django.db import transaction

    group = WorkingGroupPageFactory(parent=groups_index)
    received.clear()
    user = people["outsider"]
    with django_capture_on_commit_callbacks(execute=True):
        membership = Membership.objects.create(
            group=group, user=user, state=Membership.State.REQUESTED
        )
        assert received == []  # not before the commit
    assert received == [
        (
            "membership_changed",
            {"signal": membership_changed, "group": group, "user": user, "membership": membership},
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        membership.state = Membership.State.ACTIVE
        membership.save()
        membership.role = Membership.Role.COORDINATOR
        membership.save()
        membership.delete()
    assert [name for name, _ in received] == ["membership_changed"] * 4
    assert received[-1][1]["membership"] is None
    assert received[-1][1]["user"] == user

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Membership.objects.create(group=group, user=people["member"])
        transaction.set_rollback(True)
    assert len(received) == 4  # a rolled-back change says nothing


def test_group_changed_on_publish_unpublish_restriction_and_delete(
    groups_index, received, django_capture_on_commit_callbacks
):
    group = WorkingGroupPageFactory(parent=groups_index)
    MembershipFactory(group=group)
    received.clear()
    group_id = group.pk
    with django_capture_on_commit_callbacks(execute=True):
        group.visibility = WorkingGroupPage.Visibility.MEMBERS
        group.save_revision().publish()
        group.unpublish()
        PageViewRestriction.objects.create(page=groups_index, restriction_type="login")
        WorkingGroupPage.objects.get(pk=group_id).delete()
    reasons = [(name, kwargs["reason"]) for name, kwargs in received if name == "group_changed"]
    assert reasons == [
        ("group_changed", "published"),
        ("group_changed", "unpublished"),
        ("group_changed", "restriction"),
        ("group_changed", "deleted"),
    ]
    assert received[-1][1]["group_id"] == group_id
    # The memberships the group took with it are not reported one by one.
    assert not [name for name, _ in received if name == "membership_changed"]
