"""Fixtures of the forum tests: the people around a group, a public and a members-only group
with their forums (made by the forum's receivers, as in the site), a sector forum."""

import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from machina.core.db.models import get_model

from forum.factories import create_topic, sector_forum
from forum.groups import forum_of_group
from workgroups.factories import MembershipFactory, WorkingGroupPageFactory
from workgroups.models import WorkingGroupPage
from workgroups.tests import conftest as workgroups_fixtures

Attachment = get_model("forum_attachments", "Attachment")

# The working groups' own fixtures, as the forum builds on that plugin: the /groups/
# section and the people of the permission matrix.
groups_index = workgroups_fixtures.groups_index
people = workgroups_fixtures.people


def make_group(index, people, capture, **kwargs):
    group = WorkingGroupPageFactory(parent=index, **kwargs)
    with capture(execute=True):
        group.save_revision().publish()  # as staff do in the admin: the forum is made
    with capture(execute=True):
        MembershipFactory(group=group, user=people["coordinator"], coordinator=True)
        MembershipFactory(group=group, user=people["member"])
    return group


@pytest.fixture
def public_group(groups_index, people, django_capture_on_commit_callbacks):
    return make_group(
        groups_index,
        people,
        django_capture_on_commit_callbacks,
        title="Open process development",
        slug="open-pd",
    )


@pytest.fixture
def private_group(groups_index, people, django_capture_on_commit_callbacks):
    return make_group(
        groups_index,
        people,
        django_capture_on_commit_callbacks,
        title="Confidential tech transfer",
        slug="confidential-tt",
        visibility=WorkingGroupPage.Visibility.MEMBERS,
    )


def with_attachment(topic):
    post = topic.first_post
    return Attachment.objects.create(
        post=post,
        file=SimpleUploadedFile(f"{secrets.token_hex(16)}-minutes.txt", b"secret minutes"),
        comment="",
    )


@pytest.fixture
def places(public_group, private_group, people):
    """For each place, its forum, a topic with an attachment."""
    result = {}
    for name, forum in (
        ("sector", sector_forum(name="General discussion")),
        ("public", forum_of_group(public_group)),
        ("private", forum_of_group(private_group)),
    ):
        topic = create_topic(forum, people["member"], subject=f"Topic in {name}")
        result[name] = {"forum": forum, "topic": topic, "attachment": with_attachment(topic)}
    return result
