"""Test data for the news app: the newsroom, its articles and members' subscriptions.

index = NewsIndexPageFactory(parent=home)
article = NewsPageFactory(parent=index, topics=["funding-and-investment"],
                          technologies=["cell-therapy"], countries=["FR"])
SubscriptionFactory(user=member, topics=["partnerships"], digest="daily")

Topics, stages and technologies come from the data migrations and are named by slug.
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors.models import Technology, ValueChainStage
from news.models import NewsIndexPage, NewsPage, NewsPageOrganisation, Subscription, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    introduction = "The news of health biomanufacturing in Europe."

    class Meta:
        model = NewsIndexPage


def _set_terms(model, field_name):
    def set_terms(page, create, slugs, **kwargs):
        if not slugs:
            return
        getattr(page, field_name).set(list(model.objects.filter(slug__in=slugs)))
        if create:
            page.save()

    return set_terms


class NewsPageFactory(wagtail_factories.PageFactory):
    """A live article; pass `topics=`, `stages=`, `technologies=` as slugs, `countries=`
    as codes and `organisations=` as Organisation objects."""

    title = factory.Sequence(lambda n: f"Biomanufacturing news {n}")
    slug = factory.Sequence(lambda n: f"biomanufacturing-news-{n}")
    date = factory.LazyFunction(timezone.localdate)
    summary = "What happened, and why it matters to the sector."
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    topics = factory.PostGeneration(_set_terms(Topic, "topics"))
    stages = factory.PostGeneration(_set_terms(ValueChainStage, "stages"))
    technologies = factory.PostGeneration(_set_terms(Technology, "technologies"))

    @factory.post_generation
    def organisations(self, create, organisations, **kwargs):
        for organisation in organisations or ():
            NewsPageOrganisation.objects.create(page=self, organisation=organisation)

    @classmethod
    def days_ago(cls, days: int, **kwargs):
        """An article published `days` ago (its date and its first publication)."""
        moment = timezone.now() - datetime.timedelta(days=days)
        return cls(date=moment.date(), first_published_at=moment, **kwargs)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A member's news settings; `topics=` as slugs."""

    class Meta:
        model = Subscription
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    user = factory.SubFactory(VerifiedUserFactory)
    digest = Subscription.Digest.NONE
    digest_since = factory.LazyAttribute(
        lambda s: (
            None
            if s.digest == Subscription.Digest.NONE
            else timezone.now() - datetime.timedelta(days=30)
        )
    )

    topics = factory.PostGeneration(
        lambda subscription, create, slugs, **kwargs: (
            slugs and subscription.topics.set(list(Topic.objects.filter(slug__in=slugs)))
        )
    )
