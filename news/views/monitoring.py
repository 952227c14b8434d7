"""A member's own monitoring: the news that match their fields of interest, newest
first with the reasons each matches, and the form where they choose those fields."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_countries import countries
from wagtail.images import get_image_model

from news.forms import MonitoringSettingsForm
from news.matching import Interests, Reason
from news.models import CARD_RENDITION, NewsPage

PER_PAGE = 12


@dataclass
class MatchedArticle:
    article: NewsPage
    reasons: list[Reason]


def matching_articles(interests: Interests):
    """The visible articles that match, newest first, with what their cards and reasons
    need prefetched: a page of them costs the same queries whatever its size."""
    return (
        NewsPage.objects.visible()
        .filter(interests.q())
        .newest_first()
        .with_tags()
        .prefetch_related(
            "concerned_organisations__organisation",
            Prefetch(
                "image", queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION)
            ),
        )
        .defer("body")
    )


def with_reasons(articles, interests: Interests) -> list[MatchedArticle]:
    matched = []
    for article in articles:
        organisation_ids = [link.organisation_id for link in article.concerned_organisations.all()]
        matched.append(MatchedArticle(article, interests.reasons(article, organisation_ids)))
    return matched


def summary(interests: Interests) -> list[str]:
    """What the member follows, in words ("3 topics", "France, Germany"), without a
    query."""
    parts = []
    for key, singular, plural in (
        ("topics", "%(count)d topic", "%(count)d topics"),
        ("stages", "%(count)d stage", "%(count)d stages"),
        ("technologies", "%(count)d technology", "%(count)d technologies"),
    ):
        count = len(interests.chosen.get(key, ()))
        if count:
            parts.append(ngettext(singular, plural, count) % {"count": count})
    if interests.organisation_id:
        parts.append(_("your organisation"))
    if interests.countries:
        names = sorted(str(countries.name(code)) for code in interests.countries)
        parts.append(_("in %(countries)s") % {"countries": ", ".join(names)})
    return parts


@login_required
def monitoring(request):
    interests = Interests.for_user(request.user)
    context = {
        "interests": interests,
        "summary": summary(interests),
        "page_obj": None,
        "items": [],
    }
    if not interests.is_empty():
        paginator = Paginator(matching_articles(interests), PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(page_obj=page, items=with_reasons(page.object_list, interests))
    return TemplateResponse(request, "news/monitoring.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings(request):
    if request.method == "POST":
        form = MonitoringSettingsForm(request.POST, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your monitoring settings are saved."))
            return redirect("news:monitoring")
    else:
        form = MonitoringSettingsForm(user=request.user)
    return TemplateResponse(request, "news/monitoring_settings.html", {"form": form})
