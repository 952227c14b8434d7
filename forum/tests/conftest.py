"""Fixtures of the forum tests: the people around a group, a public and a members-only group
with their forums (made by the forum's receivers, as in the site), a sector forum."""

import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from machina.core.db.models import get_model
from wagtail.models import Page, Site

from accounts.factories import VerifiedUserFactory
from forum.factories import create_topic, sector_forum
from forum.groups import forum_of_group
from home.factories import HomePageFactory
from workgroups.factories import (
    MembershipFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from workgroups.models import WorkingGroupPage

Attachment = get_model("forum_attachments", "Attachment")


@pytest.fixture
def groups_index(db):
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "COBIOE"},
    )
    return WorkingGroupIndexPageFactory(parent=home)


@pytest.fixture
def people(db):
    return {
        "coordinator": VerifiedUserFactory(email="coordinator@example.org"),
        "member": VerifiedUserFactory(email="member@example.org"),
        "outsider": VerifiedUserFactory(email="outsider@example.org"),
        "staff": VerifiedUserFactory(email="staff@example.org", is_staff=True),
    }


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
