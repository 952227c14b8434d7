"""Settings shared by every deployment; anything that differs comes from the environment.

Safe defaults: DEBUG is off, the database is the embedded SQLite file, mail goes nowhere
until EMAIL_URL-style settings say otherwise. See `.env.example` for every variable.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .environment import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The feature apps. Each is a plugin (see cobioe/plugins.py): leave one out of
# COBIOE_PLUGINS and its URLs, navigation entry, admin menu and dashboard panel go with it.
ALL_PLUGINS = ["actors", "news", "workgroups", "forum", "search"]
COBIOE_PLUGINS = env_list("COBIOE_PLUGINS", ALL_PLUGINS)
_unknown_plugins = set(COBIOE_PLUGINS) - set(ALL_PLUGINS)
if _unknown_plugins:
    raise ValueError(f"COBIOE_PLUGINS names unknown plugins: {sorted(_unknown_plugins)}")
# A plugin may build on another (news reads the members' interests from actors): leaving
# out the one it needs must leave it out too, so say so at start-up rather than at a query.
PLUGIN_REQUIRES = {
    "news": ["actors"],
    # Working groups list their members' organisations; a group's forum follows its
    # membership.
    "workgroups": ["actors"],
    "forum": ["workgroups"],
}
for _plugin, _needed in PLUGIN_REQUIRES.items():
    _missing = [name for name in _needed if name not in COBIOE_PLUGINS]
    if _plugin in COBIOE_PLUGINS and _missing:
        raise ValueError(
            f"COBIOE_PLUGINS: the {_plugin} plugin needs {', '.join(_missing)}; "
            f"add it or leave {_plugin} out too."
        )

INSTALLED_APPS = [
    # The platform core: the project, its pages and its members.
    "cobioe",
    "home",
    "accounts",
    # The optional feature plugins, in the order of ALL_PLUGINS.
    *[plugin for plugin in ALL_PLUGINS if plugin in COBIOE_PLUGINS],
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts, background tasks, vocabularies.
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "notifications",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.sites.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cobioe.urls"
WSGI_APPLICATION = "cobioe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "home.navigation.navigation",
                "cobioe.plugins.navigation",
                "accounts.context_processors.notifications",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:password@host:5432/name in production),
# else the embedded SQLite file for trying the site out.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (several app servers must share rate limits and
# sessions), else a per-process memory cache good enough for one process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): email is the identity, and it must be verified.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The sign-up form must say that an email is already registered (the issue asks for it);
# allauth's anti-enumeration mode would pretend the sign-up went through instead.
ACCOUNT_PREVENT_ENUMERATION = False
# Failed logins: at most 10 a minute from one IP, 5 per 5 minutes for one account.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[COBIOE] "
# Members are named by their email, never by the username allauth generates.
ACCOUNT_USER_DISPLAY = "accounts.display.user_display"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# One login for everybody: the Wagtail admin sends people to the throttled allauth login.
WAGTAILADMIN_LOGIN_URL = "account_login"

# Email: SMTP in production (EMAIL_HOST etc.), the console when DEBUG is on.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "COBIOE <no-reply@cobioe.eu>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# In-site notifications (django-notifications-community): plugins store what the
# notification centre shows (title, address) in each notification's `data`.
DJANGO_NOTIFICATIONS_CONFIG = {"USE_JSONFIELD": True}

# Background work (django-tasks, database backend; `manage.py db_worker` runs it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The actor directory's map: the tile server (Leaflet URL template; empty draws the markers
# on a blank background, as the tests do) and the credit its licence asks for.
ACTORS_MAP_TILE_URL = env_str(
    "ACTORS_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
ACTORS_MAP_ATTRIBUTION = env_str(
    "ACTORS_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# The news digest: the local hour (TIME_ZONE) at which daily digests, and weekly ones on
# Mondays, fall due; how far back a digest looks at most; how long its unsubscribe link
# keeps working.
NEWS_DIGEST_HOUR = env_int("NEWS_DIGEST_HOUR", 7)
NEWS_DIGEST_MAX_AGE_DAYS = env_int("NEWS_DIGEST_MAX_AGE_DAYS", 30)
NEWS_UNSUBSCRIBE_MAX_AGE_DAYS = env_int("NEWS_UNSUBSCRIBE_MAX_AGE_DAYS", 180)

# --- The forum plugin: django-machina ------------------------------------------------------
# Only when the forum plugin is installed. Our `forum/` app is machina's official override of
# its `forum` app (same label), and `forum/forum_*` override machina's apps that hold models
# or that we change (staff rights and 404s in forum_permission, attachment limits), through
# machina's own mechanism: an app whose dotted path ends like machina's. Each keeps machina's
# models and machina's migrations (MIGRATION_MODULES), so an upgrade brings them along; the
# overrides also pin their ids to AutoField, which machina's migrations create (the
# project's default is BigAutoField and machina's AppConfigs do not say).
# Machina's search app (django-haystack) is not installed: the forum adds what a member may
# read to the site search instead (forum/search.py).
if "forum" in COBIOE_PLUGINS:
    from machina import MACHINA_MAIN_TEMPLATE_DIR

    INSTALLED_APPS += [
        "forum.forum_conversation",
        "forum.forum_conversation.forum_attachments",
        "forum.forum_conversation.forum_polls",
        "forum.forum_member",
        "forum.forum_permission",
        "forum.forum_tracking",
        "forum.community",
        "machina",
        "machina.apps.forum_feeds",
        "machina.apps.forum_moderation",
        "mptt",
        "widget_tweaks",
    ]
    MIGRATION_MODULES = {
        "forum": "machina.apps.forum.migrations",
        "forum_permission": "machina.apps.forum_permission.migrations",
        "forum_conversation": "machina.apps.forum_conversation.migrations",
        "forum_attachments": "machina.apps.forum_conversation.forum_attachments.migrations",
        "forum_polls": "machina.apps.forum_conversation.forum_polls.migrations",
        "forum_member": "machina.apps.forum_member.migrations",
        "forum_tracking": "machina.apps.forum_tracking.migrations",
    }
    # Machina's middleware would open a session for every anonymous visitor of every page;
    # ours only attaches the permission handler (anonymous members never post here).
    MIDDLEWARE += ["forum.middleware.ForumPermissionMiddleware"]
    TEMPLATES[0]["OPTIONS"]["context_processors"] += ["machina.core.context_processors.metadata"]
    # Our templates (forum/templates) must come before machina's, which live in DIRS.
    TEMPLATES[0]["DIRS"] += [BASE_DIR / "forum" / "templates", MACHINA_MAIN_TEMPLATE_DIR]
    # Machina keeps the files of a post being previewed in this cache between requests; it
    # must be shared by every app server.
    CACHES["machina_attachments"] = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "att"}
    )
    MACHINA_FORUM_NAME = "COBIOE"
    MACHINA_BASE_TEMPLATE_NAME = "base.html"
    # Post text: markdown2, then nh3 with an allowlist (forum/rendering.py); the templates
    # clean the stored HTML once more when they show it.
    MACHINA_MARKUP_LANGUAGE = ("forum.rendering.render_post", {})
    MACHINA_MARKUP_WIDGET = None
    # Nothing is granted to every signed-in member by default: a forum says who may read it
    # (forum/permissions.py), so a private group's forum stays closed.
    MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS = []
    MACHINA_PROFILE_AVATARS_ENABLED = False
    MACHINA_ATTACHMENT_FILE_UPLOAD_TO = "forum/attachments"
    # Attachments: at most this many bytes, with one of these extensions.
    FORUM_ATTACHMENT_MAX_SIZE = env_int("FORUM_ATTACHMENT_MAX_SIZE", 5 * 1024 * 1024)
    FORUM_ATTACHMENT_EXTENSIONS = env_list(
        "FORUM_ATTACHMENT_EXTENSIONS", ["pdf", "png", "jpg", "jpeg", "txt", "csv", "docx", "xlsx"]
    )
# --- end of the forum plugin ------------------------------------------------------------------

# Kosovo has no ISO 3166-1 code yet; XK is the code the EU, ROR and GeoNames use for it.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}

# Internationalisation: English is the source language, French comes next.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Static and media files: whitenoise serves static files from the app servers.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail.
WAGTAIL_SITE_NAME = "COBIOE"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Documents always go through Django's view, which checks who may download them (a
# members-only working group's documents); "redirect" would hand out the storage's own,
# unchecked address (on S3, a public URL). The media directory's `documents/` must
# therefore never be served directly by the web server or the CDN.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False

# Security defaults that hold everywhere; production.py adds the HTTPS ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview views set SAMEORIGIN on their own responses.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
