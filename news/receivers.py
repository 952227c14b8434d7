"""Signal receivers of the news app: keep the members' notifications in step with what
the newsroom publishes, unpublishes, restricts and deletes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from news import announcements
from news.models import NewsPage


@receiver(page_published, sender=NewsPage)
@receiver(page_unpublished, sender=NewsPage)
def article_published_or_unpublished(sender, instance, **kwargs):
    # page_published also fires when a future go-live date is merely approved, and when
    # `publish_scheduled` publishes it later: the visibility rule tells them apart.
    announcements.visibility_changed([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    # A restriction covers the page and everything under it (the whole newsroom, if it is
    # set on the news index). When the page itself is being deleted, there is nothing left.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    articles = NewsPage.objects.descendant_of(page, inclusive=True)
    announcements.visibility_changed(articles.values_list("pk", flat=True))


@receiver(post_delete, sender=NewsPage)
def article_deleted(sender, instance, **kwargs):
    announcements.forget(instance.pk)
