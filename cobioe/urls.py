"""The URLconf: the core's routes, then each installed plugin's, then Wagtail's pages."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import serve as serve_document

from cobioe.health import healthz
from cobioe.plugins import plugin_urlpatterns

# The Django admin logs in through the same throttled allauth login as everybody else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view, its response marked private: it is served after access checks
    # made for the one who asks (collections' restrictions, the plugins' own rules through
    # `before_serve_document`, such as members-only groups), and a public document can become
    # private, so no shared cache (proxy, CDN) may keep one for the next visitor. Same
    # address as Wagtail's `wagtaildocs_serve` below, which still builds the documents' URLs.
    re_path(r"^documents/(\d+)/(.*)$", cache_control(private=True)(serve_document)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    *plugin_urlpatterns(),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Everything else is a Wagtail page; this must come last.
    path("", include(wagtail_urls)),
]
