"""The news that concern an organisation, added to its public profile through the actors
plugin's `profile_sections` signal (the actors plugin does not know the news app)."""

from django.dispatch import receiver

from actors.signals import ProfileSection, profile_sections
from news.models import NewsPage

# The profile lists the latest few; the newsroom holds the rest.
PROFILE_ARTICLES = 5


def articles_concerning(organisation):
    """Visible articles that name the organisation, newest first."""
    return (
        NewsPage.objects.visible()
        .filter(concerned_organisations__organisation=organisation)
        .newest_first()
    )


@receiver(profile_sections, dispatch_uid="news.profile_news")
def news_on_profile(sender, organisation, request, **kwargs):
    """Two queries: the view restrictions (for `visible()`), then the articles."""
    articles = list(articles_concerning(organisation)[:PROFILE_ARTICLES])
    if not articles:
        return None
    return ProfileSection(
        "news/profile_section.html",
        {"organisation": organisation, "articles": articles},
        order=50,
    )
