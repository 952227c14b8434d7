from django.apps import AppConfig


class CobioeConfig(AppConfig):
    """The project package as an app, so that its templates and checks load."""

    name = "cobioe"
    verbose_name = "COBIOE platform core"
