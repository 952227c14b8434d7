"""Attachments: size and type limits with a clear message, unguessable stored names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from forum.factories import sector_forum

pytestmark = pytest.mark.django_db


def post_with_file(client, forum, upload):
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    return client.post(
        url,
        {
            "subject": "Minutes",
            "content": "Attached.",
            "attachment-TOTAL_FORMS": "1",
            "attachment-INITIAL_FORMS": "0",
            "attachment-0-file": upload,
            "attachment-0-comment": "",
        },
    )


@pytest.fixture
def forum_and_member(client, people):
    forum = sector_forum()
    client.force_login(people["member"])
    return forum


def test_an_allowed_file_is_stored_under_a_random_name(client, forum_and_member):
    response = post_with_file(
        client, forum_and_member, SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    )
    assert response.status_code == 302
    attachment = forum_and_member.topics.get().first_post.attachments.get()
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert stored.endswith("-minutes.pdf") and len(stored) == len("-minutes.pdf") + 32
    download = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert 'filename="minutes.pdf"' in download["Content-Disposition"]


@pytest.mark.parametrize("name", ["tool.exe", "page.html", "image.svg", "script.js", "noext"])
def test_a_file_of_another_type_is_refused(client, forum_and_member, name):
    response = post_with_file(client, forum_and_member, SimpleUploadedFile(name, b"data"))
    assert response.status_code == 200
    assert "Files of this type cannot be attached" in response.content.decode()
    assert not forum_and_member.topics.exists()


@override_settings(FORUM_ATTACHMENT_MAX_SIZE=1000)
def test_a_file_too_large_is_refused(client, forum_and_member):
    response = post_with_file(client, forum_and_member, SimpleUploadedFile("big.pdf", b"x" * 1001))
    assert response.status_code == 200
    assert "the largest allowed is 1000" in response.content.decode()
    assert not forum_and_member.topics.exists()
