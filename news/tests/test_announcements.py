"""In-site notifications of a new article: the members who asked for them and whose fields
it matches get one, once, and only when the article is live and public."""

import datetime
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from notifications.models import Notification
from wagtail.models import PageViewRestriction

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory
from actors.models import Technology
from news import announcements
from news.factories import NewsPageFactory, SubscriptionFactory
from news.models import NewsPage, PublicationNotice

pytestmark = pytest.mark.django_db


def member(technologies=("cell-therapy",), notify=True, topics=()):
    user = VerifiedUserFactory()
    profile = MemberProfileFactory(user=user)
    profile.interest_technologies.set(Technology.objects.filter(slug__in=technologies))
    SubscriptionFactory(user=user, notify_in_site=notify, topics=list(topics))
    return user


def draft(news_index, **kwargs):
    """An article written but never published."""
    kwargs.setdefault("technologies", ["cell-therapy"])
    return NewsPageFactory(parent=news_index, live=False, first_published_at=None, **kwargs)


def publish(article, capture):
    """Publish as the admin does, and run what waits for the commit (the task)."""
    with capture(execute=True):
        article.save_revision().publish()


def notified(user):
    return list(Notification.objects.filter(recipient=user))


def test_publishing_notifies_each_matching_member_who_asked_once(
    news_index, django_capture_on_commit_callbacks
):
    follower = member()
    silent = member(notify=False)
    elsewhere = member(technologies=["monoclonal-antibodies"])
    article = draft(news_index, title="A new cell therapy plant in Lyon")

    publish(article, django_capture_on_commit_callbacks)

    [notification] = notified(follower)
    assert notified(silent) == [] and notified(elsewhere) == []
    assert notification.verb == "published" and notification.unread
    assert notification.actor == notification.action_object == NewsPage.objects.get(pk=article.pk)
    assert notification.description == (
        "A new article in your fields. It matches: Technology: Cell therapy."
    )
    assert notification.data == {
        "title": "A new cell therapy plant in Lyon",
        "url": f"/news/{article.slug}/",
        "reasons": [{"kind": "technology", "label": "Cell therapy"}],
    }
    assert PublicationNotice.objects.get(article=article).recipients == 1


def test_every_reason_is_in_the_description(news_index, django_capture_on_commit_callbacks):
    follower = member(topics=["funding-and-investment"])
    article = draft(news_index, topics=["funding-and-investment"])

    publish(article, django_capture_on_commit_callbacks)

    [notification] = notified(follower)
    assert "Topic: Funding and investment" in notification.description
    assert "Technology: Cell therapy" in notification.description
    assert len(notification.data["reasons"]) == 2


def test_a_correction_notifies_nobody_again(news_index, django_capture_on_commit_callbacks):
    follower = member()
    article = draft(news_index)
    publish(article, django_capture_on_commit_callbacks)

    article.refresh_from_db()
    article.summary = "Corrected: the plant opens in 2027."
    publish(article, django_capture_on_commit_callbacks)

    assert len(notified(follower)) == 1
    assert PublicationNotice.objects.count() == 1


def test_a_member_who_joins_later_is_not_notified_by_a_correction(
    news_index, django_capture_on_commit_callbacks
):
    article = draft(news_index)
    publish(article, django_capture_on_commit_callbacks)
    latecomer = member()

    article.refresh_from_db()
    publish(article, django_capture_on_commit_callbacks)

    assert notified(latecomer) == []


def test_a_scheduled_article_notifies_nobody_until_publish_scheduled_runs(
    news_index, django_capture_on_commit_callbacks
):
    follower = member()
    article = draft(news_index)
    article.go_live_at = timezone.now() + datetime.timedelta(days=1)
    publish(article, django_capture_on_commit_callbacks)

    assert not NewsPage.objects.get(pk=article.pk).live
    assert notified(follower) == []

    # Its time comes: move the go-live date to the past, where the revision keeps it too.
    past = timezone.now() - datetime.timedelta(minutes=1)
    NewsPage.objects.filter(pk=article.pk).update(go_live_at=past)
    revision = article.revisions.get(approved_go_live_at__isnull=False)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    assert NewsPage.objects.get(pk=article.pk).live
    assert len(notified(follower)) == 1


def test_a_private_article_notifies_nobody_until_it_is_public(
    news_index, django_capture_on_commit_callbacks
):
    follower = member()
    article = draft(news_index)
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    publish(article, django_capture_on_commit_callbacks)
    assert notified(follower) == []

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    assert len(notified(follower)) == 1


def test_a_private_newsroom_keeps_its_articles_quiet(
    news_index, django_capture_on_commit_callbacks
):
    follower = member()
    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)

    publish(draft(news_index), django_capture_on_commit_callbacks)

    assert notified(follower) == []
    assert PublicationNotice.objects.count() == 0


def test_an_unpublished_or_restricted_article_takes_its_notifications_out_of_view(
    news_index, django_capture_on_commit_callbacks
):
    follower = member()
    article = draft(news_index)
    publish(article, django_capture_on_commit_callbacks)

    NewsPage.objects.get(pk=article.pk).unpublish()
    assert [n.public for n in notified(follower)] == [False]

    publish(NewsPage.objects.get(pk=article.pk), django_capture_on_commit_callbacks)
    assert [n.public for n in notified(follower)] == [True]

    restriction = PageViewRestriction.objects.create(
        page=news_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert [n.public for n in notified(follower)] == [False]
    restriction.delete()
    assert [n.public for n in notified(follower)] == [True]


def test_a_deleted_article_leaves_no_notification(news_index, django_capture_on_commit_callbacks):
    follower = member()
    article = draft(news_index)
    publish(article, django_capture_on_commit_callbacks)

    NewsPage.objects.get(pk=article.pk).delete()

    assert notified(follower) == []


def test_an_old_article_first_made_visible_is_not_announced(news_index):
    follower = member()
    article = NewsPageFactory.days_ago(30, parent=news_index, technologies=["cell-therapy"])

    assert announcements.announce(article.pk) == 0

    assert notified(follower) == []
    assert PublicationNotice.objects.count() == 0


def test_members_are_matched_in_batches(news_index, monkeypatch):
    followers = [member() for _ in range(5)]
    member(technologies=["monoclonal-antibodies"])
    article = NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    monkeypatch.setattr(announcements, "BATCH_SIZE", 2)

    assert announcements.announce(article.pk) == 5

    assert all(len(notified(user)) == 1 for user in followers)


@pytest.mark.parametrize("members", [1, 40])
def test_announcing_costs_the_same_queries_whatever_the_number_of_members(
    news_index, members, django_assert_num_queries
):
    for index in range(members):
        member(technologies=["cell-therapy"] if index % 2 == 0 else ["monoclonal-antibodies"])
    article = NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    ContentType.objects.get_for_model(NewsPage)  # the content type cache, warm as in a worker

    # The view restrictions, the article and its 4 prefetches; the notice (5 with its
    # savepoints); the site for the article's address; one batch of members, their
    # interests (6) and their notifications; the empty next batch; the notice's count and
    # the transaction's end.
    with django_assert_num_queries(23):
        assert announcements.announce(article.pk) == (members + 1) // 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_notify_once(news_index):
    follower = member()
    article = NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    results = []

    def run():
        try:
            results.append(announcements.announce(article.pk))
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    # Hold the notifications table: the first run to record its notice waits here to insert
    # its notifications; the other waits on that notice. Then let both go.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE notifications_notification IN EXCLUSIVE MODE")
        for thread in runs:
            thread.start()
        deadline = time.monotonic() + 20
        waiting = 0
        while waiting < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            waiting = cursor.fetchone()[0]
    for thread in runs:
        thread.join(timeout=20)

    assert waiting == 2, "both runs should have been in flight at the same time"
    assert sorted(results) == [0, 1]
    assert len(notified(follower)) == 1
    assert PublicationNotice.objects.get(article=article).recipients == 1
