"""The "My monitoring" panel of the member dashboard: the newest articles that match the
member's fields, with their reasons, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from news.matching import Interests
from news.views.monitoring import MatchedArticle, matching_articles, with_reasons

register = template.Library()

# The panel shows the newest few; the monitoring page has them all.
PANEL_ARTICLES = 5


@dataclass
class MonitoringPanel:
    has_interests: bool = False
    items: list[MatchedArticle] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def monitoring_panel(context) -> MonitoringPanel:
    """The member's interests (six queries), then, if they have any, the view
    restrictions, the articles and their five prefetches."""
    user = context["request"].user
    if not user.is_authenticated:
        return MonitoringPanel()
    interests = Interests.for_user(user)
    if interests.is_empty():
        return MonitoringPanel()
    articles = matching_articles(interests)[:PANEL_ARTICLES]
    return MonitoringPanel(has_interests=True, items=with_reasons(articles, interests))
