"""The Wagtail site of each request, kept in the cache once Wagtail has found it.

Wagtail looks the site up in the database whenever a request needs it
(`Site.find_for_request`), and every page does (its navigation, page serving). Sites change
rarely and only in the admin: the middleware hands Wagtail the site it found for the same
host and port before, and keeps what Wagtail finds otherwise. It asks nothing of the
database itself. A saved or deleted site drops every lookup.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

CACHE_KEY = "cobioe:sites-by-host:v1"
# Host headers are the client's to choose (within ALLOWED_HOSTS, which may be "*" in
# development): past this many, no more are kept.
MAX_HOSTS = 50
# The site's own fields, not its root page (Wagtail's lookup fetches it along): pages change
# far more often than sites, and are read afresh when needed.
FIELDS = [field.attname for field in Site._meta.concrete_fields]


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # CommonMiddleware has checked the host against ALLOWED_HOSTS before this runs.
        host = (request.get_host(), request.get_port())
        known = cache.get(CACHE_KEY) or {}
        if host in known:
            # Where Site.find_for_request keeps the site of a request, and looks no further.
            request._wagtail_site = _site(known[host])
        response = self.get_response(request)
        if host not in known and hasattr(request, "_wagtail_site") and len(known) < MAX_HOSTS:
            cache.set(CACHE_KEY, {**known, host: _values(request._wagtail_site)})
        return response


def _values(site):
    return None if site is None else [getattr(site, name) for name in FIELDS]


def _site(values):
    return None if values is None else Site.from_db(Site.objects.db, FIELDS, values)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_sites(**kwargs):
    cache.delete(CACHE_KEY)
