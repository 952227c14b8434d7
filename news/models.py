"""The newsroom (pages and topics) and what each member follows and has been sent."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from news.blocks import ArticleBodyBlock

# Paths the news app serves itself under /news/ (news/urls.py); an article cannot take
# one of them as its slug, or it would be unreachable.
RESERVED_SLUGS = frozenset({"feed", "monitoring", "trends", "unsubscribe", "notifications"})

# The thumbnail of news/includes/article_card.html: lists prefetch this rendition.
CARD_RENDITION = "fill-320x180"


# Topics -------------------------------------------------------------------------------


class Topic(models.Model):
    """A subject of the news (Funding, Regulation, Manufacturing capacity), edited by staff."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in the news addresses (/news/?topic=funding); keep it stable."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


# Pages --------------------------------------------------------------------------------


class NewsIndexPage(Page):
    """The newsroom at /news/: the articles, newest first, with filters and feeds."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = ["introduction"]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def articles(self):
        """The articles anyone may read here, newest first."""
        return NewsPage.objects.child_of(self).visible().newest_first()

    def get_context(self, request, *args, **kwargs):
        from news.listing import NewsQuery, grouped, page_of

        context = super().get_context(request, *args, **kwargs)
        query = NewsQuery.from_querydict(request.GET)
        # `visible()` reads the view restrictions as it is built: once, for both uses.
        visible = self.articles()
        articles = (
            query.apply(visible)
            .prefetch_related(
                "topics",
                # The card's thumbnail, so that a page of cards costs no query per image.
                models.Prefetch(
                    "image",
                    queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION),
                ),
            )
            .defer("body")
        )
        page, page_note = page_of(articles, request.GET.get("page"))
        context.update(
            query=query,
            page_obj=page,
            articles=page.object_list,
            notes=[*query.notes, *([page_note] if page_note else [])],
            filter_summary=query.summary(),
            filter_string=urlencode(query.as_params()),
            stage_choices=grouped(query.stages),
            technology_choices=grouped(query.technologies),
            country_choices=country_choices(visible, query.country),
            feeds=self.feed_links(query),
        )
        return context

    def feed_links(self, query) -> list[dict]:
        """The feeds of this view, for <link rel="alternate"> and the page's own links."""
        feeds = [
            {
                "title": _("All COBIOE news (RSS)"),
                "type": "application/rss+xml",
                "url": reverse("news:feed"),
            },
            {
                "title": _("All COBIOE news (Atom)"),
                "type": "application/atom+xml",
                "url": reverse("news:feed_atom"),
            },
        ]
        for kind, term in (("topic", query.topic), ("stage", query.stage)):
            if term:
                feeds += [
                    {
                        "title": _("News on %(name)s (RSS)") % {"name": term.name},
                        "type": "application/rss+xml",
                        "url": reverse(f"news:{kind}_feed", kwargs={"slug": term.slug}),
                    },
                    {
                        "title": _("News on %(name)s (Atom)") % {"name": term.name},
                        "type": "application/atom+xml",
                        "url": reverse(f"news:{kind}_feed_atom", kwargs={"slug": term.slug}),
                    },
                ]
        return feeds


def country_choices(articles, selected: str = "") -> list[tuple[str, str]]:
    """The countries `articles` are about, as (code, name) by name, in one query; with
    `selected` even when no article is about it any more."""
    codes = {selected} if selected else set()
    rows = articles.exclude(countries="").order_by().values_list("countries", flat=True)
    for value in rows.distinct():
        codes.update(code for code in value.split(",") if code)
    return sorted(((code, str(countries.name(code))) for code in codes), key=lambda c: c[1])


class NewsPageQuerySet(PageQuerySet):
    def visible(self):
        """What may appear in any output: live now, and not behind a view restriction.

        An article scheduled for later is not live until Wagtail publishes it, so this
        rule also keeps it out of the index, the feeds, the monitoring and the digests.
        """
        return self.live().public()

    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")

    def with_tags(self):
        return self.prefetch_related("topics", "stages", "technologies")


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


def validate_http_url(value: str) -> None:
    URLValidator(schemes=["http", "https"])(value)


class NewsPage(Page):
    """An article of the newsroom, or a curated item pointing at another site's article."""

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date readers see. Scheduling is set under Publishing (go-live date)."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences for the news list, the feeds and the digests."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))

    source_name = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("For an item curated from elsewhere: the publication's name."),
    )
    source_url = models.URLField(
        _("source link"),
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text=_("For an item curated from elsewhere: the address of the original."),
    )

    topics = ParentalManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="articles"
    )
    stages = ParentalManyToManyField(
        "actors.ValueChainStage",
        verbose_name=_("value-chain stages"),
        blank=True,
        related_name="articles",
    )
    technologies = ParentalManyToManyField(
        "actors.Technology", verbose_name=_("technologies"), blank=True, related_name="articles"
    )
    countries = CountryField(
        _("countries"),
        multiple=True,
        blank=True,
        help_text=_("The countries the news is about. Leave empty for European news."),
    )

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("source_name"), FieldPanel("source_url")],
            heading=_("Curated from elsewhere"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("stages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("technologies", widget=forms.CheckboxSelectMultiple),
                FieldPanel("countries"),
            ],
            heading=_("What it is about"),
            help_text=_("Members who follow these fields see the article and get it by email."),
        ),
        InlinePanel(
            "concerned_organisations",
            heading=_("Organisations concerned"),
            label=_("Organisation"),
            help_text=_("Its profile lists the article."),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("source_name"),
        index.FilterField("date"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("technologies", [index.SearchField("name")]),
    ]
    api_fields = [
        "date",
        "summary",
        "image",
        "body",
        "source_name",
        "source_url",
        "topics",
        "stages",
        "technologies",
        "countries",
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            topics=list(self.topics.all()),
            stages=list(self.stages.all()),
            technologies=list(self.technologies.all()),
            organisations=self.published_organisations(request),
            index=self.get_parent(),
        )
        return context

    def published_organisations(self, request=None) -> list:
        """The organisations concerned that anyone may open: a draft or rejected profile
        stays unnamed. In a preview, those of the form being edited (not yet saved)."""
        from actors.models import Organisation

        published = Organisation.objects.published().only("slug", "name")
        if getattr(request, "is_preview", False):
            ids = [link.organisation_id for link in self.concerned_organisations.all()]
            found = {organisation.pk: organisation for organisation in published.filter(pk__in=ids)}
            return [found[pk] for pk in ids if pk in found]
        return list(
            published.filter(news_mentions__page=self).order_by("news_mentions__sort_order", "name")
        )

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is taken by the newsroom itself; choose another.")
                    % {"slug": self.slug}
                }
            )
        if self.source_url and not self.source_name:
            raise ValidationError({"source_name": _("Name the source the link points to.")})


class NewsPageOrganisation(Orderable):
    """An organisation of the directory that an article concerns."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="concerned_organisations")
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="news_mentions",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation concerned")
        verbose_name_plural = _("organisations concerned")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "organisation"], name="news_organisation_once_per_article"
            )
        ]


# What members follow and receive ------------------------------------------------------


class Subscription(models.Model):
    """A member's news settings: the topics they follow (their stages, technologies and
    countries are on their member profile), their digest rhythm and in-site notices."""

    class Digest(models.TextChoices):
        NONE = "none", _("No email")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="news_subscription",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics of interest"), blank=True, related_name="+"
    )
    digest = models.CharField(
        _("email digest"), max_length=10, choices=Digest.choices, default=Digest.NONE
    )
    notify_in_site = models.BooleanField(
        _("notify me in the site"),
        default=False,
        help_text=_("A notification when an article in my fields is published."),
    )
    # Articles published before the member asked for a digest are not sent by email.
    digest_since = models.DateTimeField(_("digest since"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("news subscription")
        verbose_name_plural = _("news subscriptions")
        indexes = [models.Index(fields=["digest", "last_digest_at"])]

    def __str__(self):
        return f"{self.user} ({self.get_digest_display()})"

    @classmethod
    def for_user(cls, user) -> Subscription:
        subscription, _created = cls.objects.get_or_create(user=user)
        return subscription

    def set_digest(self, digest: str, now=None) -> None:
        """Change the rhythm; switching the digest on starts it from now, not from the
        archive."""
        if digest != self.Digest.NONE and (
            self.digest == self.Digest.NONE or self.digest_since is None
        ):
            self.digest_since = now or timezone.now()
        self.digest = digest


class DigestDelivery(models.Model):
    """That an article went to a member by email: the log that sends it at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(NewsPage, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="news_delivered_once")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.user_id}"


class PublicationNotice(models.Model):
    """That the members following an article's fields were notified of it, so that a
    later republication (a correction) does not notify them again."""

    article = models.OneToOneField(NewsPage, on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(_("notified"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("publication notice")
        verbose_name_plural = _("publication notices")

    def __str__(self):
        return f"{self.article_id}: {self.recipients}"
