import io

import pytest
from django.core.management import call_command
from machina.core.db.models import get_model
from notifications.models import Notification

from forum.groups import forum_of_group
from workgroups.models import WorkingGroupPage

Topic = get_model("forum_conversation", "Topic")


@pytest.mark.django_db
def test_seed_demo_fills_the_forum_once_and_tells_nobody(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Notification.objects.filter(data__kind__startswith="forum.").exists()
    topics = Topic.objects.count()
    assert topics >= 2
    for group in WorkingGroupPage.objects.live():
        assert forum_of_group(group) is not None, group
    call_command("seed_demo", stdout=io.StringIO())
    assert Topic.objects.count() == topics


@pytest.mark.django_db
def test_sync_group_forums_gives_a_forum_to_groups_published_before_the_forum(groups_index, people):
    from workgroups.factories import MembershipFactory, WorkingGroupPageFactory

    group = WorkingGroupPageFactory(parent=groups_index)  # live, never published by signal
    MembershipFactory(group=group, user=people["member"])
    assert forum_of_group(group) is None
    out = io.StringIO()
    call_command("sync_group_forums", stdout=out)
    forum = forum_of_group(group)
    assert forum is not None and "1 working group forums" in out.getvalue()
