"""Local development: DEBUG on, mail printed to the console, the embedded SQLite database."""

import contextlib

from .base import *
from .environment import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-key-do-not-deploy")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# One developer's own overrides, in a git-ignored file.
with contextlib.suppress(ImportError):
    from .local import *
