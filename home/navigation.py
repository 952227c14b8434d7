"""The header's menu and the footer of a site, worked out once and kept in the cache.

Every page shows them; they change when staff edit the navigation settings, or when a page
they link to moves, is renamed or goes. Each of those drops the cached copies, so a page
costs no query for its navigation (it cost one for the settings and one for the linked
pages).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.rich_text import expand_db_html
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import NavigationSettings


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class Navigation:
    main_menu: tuple[Link, ...]
    footer_links: tuple[Link, ...]
    footer_text: str
    funding_notice: str

    @classmethod
    def of(cls, settings_: NavigationSettings) -> "Navigation":
        def links(stream):
            found = ((block.value["label"], block.value.href()) for block in stream)
            return tuple(Link(label, href) for label, href in found if href)

        return cls(
            main_menu=links(settings_.main_menu),
            footer_links=links(settings_.footer_links),
            # Rich text from the admin with its page links already made into addresses (a
            # query each); the template's `richtext` filter then has nothing left to look up.
            footer_text=expand_db_html(settings_.footer_text or ""),
            funding_notice=settings_.funding_notice,
        )


# Every site's navigation, in each language asked for, under one key: one drop forgets all.
CACHE_KEY = "cobioe:navigation:v2"


def navigation_for_site(site) -> Navigation:
    key = (site.pk, get_language())
    known = cache.get(CACHE_KEY) or {}
    if key not in known:
        known = {**known, key: Navigation.of(NavigationSettings.for_site(site))}
        cache.set(CACHE_KEY, known)
    return known[key]


def navigation(request):
    """Context processor: `navigation`, read only when a template uses it."""

    def find():
        site = Site.find_for_request(request)
        return navigation_for_site(site) if site else None

    return {"navigation": SimpleLazyObject(find)}


@receiver(post_save, sender=NavigationSettings)
@receiver(post_delete, sender=NavigationSettings)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_navigation(**kwargs):
    cache.delete(CACHE_KEY)
