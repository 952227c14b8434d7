"""Tests: fast and real. PostgreSQL when one answers (CI always has one), SQLite otherwise.

The database is, in order: DATABASE_URL when set; else a PostgreSQL on 127.0.0.1:5432 if
one accepts connections; else SQLite. The pytest header says which was used.
"""

import os
import socket

import dj_database_url

from .base import *


def _postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


if os.environ.get("DATABASE_URL"):
    DATABASE_CHOICE = "DATABASE_URL"
elif _postgres_answers():
    DATABASE_CHOICE = "local PostgreSQL on 127.0.0.1:5432"
    DATABASES = {"default": dj_database_url.parse("postgres://postgres@127.0.0.1:5432/cobioe")}
else:
    DATABASE_CHOICE = "SQLite (no PostgreSQL answered on 127.0.0.1:5432)"
    DATABASES = {"default": dj_database_url.parse("sqlite:///:memory:")}

SECRET_KEY = "test-secret-key-not-for-anything-else"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the apps' folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The browser tests must not reach a tile server on the internet.
ACTORS_MAP_TILE_URL = ""
