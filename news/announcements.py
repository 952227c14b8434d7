"""In-site notices of a new article: one notification for each member who asked for them
and whose fields the article matches, once per article.

The notifications are django-notifications-community's; their `data` carries what the
core's notification centre shows (the article's title and address), so that the centre
needs no query per notification and never imports this plugin. An article that goes out
of view (unpublished, made private) takes its notifications with it until it is back.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task
from notifications.models import Notification

from news.matching import Interests
from news.models import NewsPage, PublicationNotice

# Members are matched this many at a time: six queries for their interests and one insert
# per batch, whatever the number of members.
BATCH_SIZE = 1000
# An article that first comes into view later than this after its first publication (it
# was private for a month, or it predates the notifications) is archive, not news.
ANNOUNCE_WITHIN = timedelta(days=7)
VERB = "published"


@task()
def announce_article(article_id: int) -> int:
    """Notify the members whose fields the article matches; the number notified."""
    return announce(article_id)


def announce(article_id: int, now=None) -> int:
    """Notify once: 0 when the article is out of view, too old, or was announced before.

    The PublicationNotice is created in the same transaction as the notifications, so a
    second run at the same moment waits on its unique article and then finds it done.
    """
    now = now or timezone.now()
    article = (
        NewsPage.objects.visible()
        .with_tags()
        .prefetch_related("concerned_organisations__organisation")
        .filter(pk=article_id, first_published_at__gte=now - ANNOUNCE_WITHIN)
        .first()
    )
    if article is None:
        return 0
    with transaction.atomic():
        notice, created = PublicationNotice.objects.get_or_create(
            article=article, defaults={"notified_at": now}
        )
        if not created:
            return 0
        notice.recipients = _notify_matching_members(article, now)
        notice.save(update_fields=["recipients"])
    return notice.recipients


def _notify_matching_members(article: NewsPage, now) -> int:
    organisation_ids = [link.organisation_id for link in article.concerned_organisations.all()]
    content_type = ContentType.objects.get_for_model(NewsPage)
    url = article.get_url()
    members = (
        get_user_model()
        .objects.filter(news_subscription__notify_in_site=True, is_active=True)
        .order_by("pk")
        .only("pk")
    )
    notified = 0
    last_pk = 0
    # Descriptions are stored text, so they are written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        while batch := list(members.filter(pk__gt=last_pk)[:BATCH_SIZE]):
            last_pk = batch[-1].pk
            interests = Interests.for_users(batch)
            notifications = []
            for member in batch:
                reasons = interests[member.pk].reasons(article, organisation_ids)
                if not reasons:
                    continue
                notifications.append(
                    Notification(
                        recipient_id=member.pk,
                        actor_content_type=content_type,
                        actor_object_id=str(article.pk),
                        action_object_content_type=content_type,
                        action_object_object_id=str(article.pk),
                        verb=VERB,
                        description=gettext(
                            "A new article in your fields. It matches: %(reasons)s."
                        )
                        % {"reasons": "; ".join(str(reason) for reason in reasons)},
                        timestamp=now,
                        data={
                            "title": article.title,
                            "url": url,
                            "reasons": [
                                {"kind": reason.kind, "label": str(reason.label)}
                                for reason in reasons
                            ],
                        },
                    )
                )
            Notification.objects.bulk_create(notifications)
            notified += len(notifications)
    return notified


# When articles come into view or leave it ---------------------------------------------


def notifications_about(article_ids):
    return Notification.objects.filter(
        action_object_content_type=ContentType.objects.get_for_model(NewsPage),
        action_object_object_id__in=[str(pk) for pk in article_ids],
    )


def visibility_changed(article_ids) -> None:
    """Show the notifications of the articles in view and hide the others'; announce, once
    the transaction commits, those that came into view for the first time."""
    article_ids = list(article_ids)
    if not article_ids:
        return
    visible = set(
        NewsPage.objects.visible().filter(pk__in=article_ids).values_list("pk", flat=True)
    )
    hidden = set(article_ids) - visible
    notifications_about(visible).filter(public=False).update(public=True)
    notifications_about(hidden).filter(public=True).update(public=False)
    announced = set(
        PublicationNotice.objects.filter(article_id__in=visible).values_list(
            "article_id", flat=True
        )
    )
    for article_id in sorted(visible - announced):
        transaction.on_commit(lambda article_id=article_id: announce_article.enqueue(article_id))


def forget(article_id: int) -> None:
    """A deleted article leaves no notification pointing at nothing."""
    notifications_about([article_id]).delete()
