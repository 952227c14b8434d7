"""The newsroom's admin: a "News" menu with the topics. Articles are pages: editors write
them under the News index in the page explorer, through the moderation workflow."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from news.models import Topic


class TopicViewSet(ModelViewSet):
    model = Topic
    name = "news_topics"
    icon = "tag"
    menu_label = _("Topics")
    copy_view_enabled = False
    search_fields = ["name", "slug"]
    search_backend_name = None
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class NewsGroup(ViewSetGroup):
    menu_label = _("News")
    menu_icon = "doc-full"
    menu_order = 260
    items = (TopicViewSet,)


@hooks.register("register_admin_viewset")
def register_news_viewsets():
    return NewsGroup()
