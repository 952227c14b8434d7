"""The plugin core: feature apps declare themselves, the core assembles the site.

A feature app becomes a plugin by giving its AppConfig the `PluginConfig` base. The core
reads the installed plugins to build the URLconf, the site navigation and the member
dashboard; it never imports a plugin by name, so leaving one out of INSTALLED_APPS
leaves a working site. Each plugin brings its own admin menu through its
`wagtail_hooks.py`, which Wagtail discovers only for installed apps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import AppConfig, apps
from django.urls import NoReverseMatch, include, path, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    """An entry of the site's main navigation, pointing at a named URL, or at a fixed path
    where a Wagtail page serves the plugin's section (the news index at /news/)."""

    label: str
    url_name: str = ""
    order: int = 100
    path: str = ""


# How a member may hear of a kind of notification: in the site, by email, both, or not at all.
NOTIFICATION_CHANNELS = ("site", "email", "both", "none")


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification a plugin sends (`accounts.notify.notify`), which each member
    may receive in the site, by email, both or not at all (`default` until they choose).

    key: unique across plugins, "<app label>.<what>" ("workgroups.join_request").
    label: what the preferences page shows ("Someone asks to join a group you coordinate").
    """

    key: str
    label: str
    default: str = "both"

    def __post_init__(self):
        if self.default not in NOTIFICATION_CHANNELS:
            raise ValueError(
                f"NotificationKind {self.key!r}: default must be one of {NOTIFICATION_CHANNELS}"
            )


class PluginConfig(AppConfig):
    """AppConfig base for an optional feature app.

    url_prefix: where the app's `urls` module is mounted ("actors/"), or None.
    nav_items: entries the app adds to the main navigation.
    dashboard_panels: templates the member dashboard includes, in order.
    site_search, demo_seed: optional hooks, described below.
    """

    # Django picks an app's config automatically only when its apps.py holds exactly one
    # default AppConfig subclass; importing this base there would make two. So the base is
    # not a default, and each subclass is, unless it says otherwise.
    default = False

    url_prefix: str | None = None
    urls_module: str | None = None
    nav_items: tuple[NavItem, ...] = ()
    dashboard_panels: tuple[str, ...] = ()
    # Dotted path of a function `(query: str, request) -> SearchSection | None` that adds
    # the app's own results to the site search.
    site_search: str | None = None
    # Dotted path of a function `(stdout) -> None` that `seed_demo` calls to add the app's
    # demo content, after the core's pages. It must be idempotent, as seed_demo is.
    demo_seed: str | None = None
    # Dotted path of a function `(readers: list[DigestReader]) -> dict[user id, DigestSection]`
    # that adds the app's news of the period (new actors, group activity) to each member's
    # email digest. It is called once per batch of members, so that it can answer for the
    # whole batch in a fixed number of queries.
    digest_section: str | None = None
    # The kinds of notification the app sends through `accounts.notify.notify`; members
    # choose how they receive each on /notifications/settings/.
    notification_kinds: tuple[NotificationKind, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def get_urls_module(self) -> str:
        return self.urls_module or f"{self.name}.urls"


def installed_plugins() -> list[PluginConfig]:
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def plugin_urlpatterns() -> list:
    """The URL patterns of every installed plugin, each under its own prefix."""
    return [
        path(plugin.url_prefix, include(plugin.get_urls_module()))
        for plugin in installed_plugins()
        if plugin.url_prefix is not None
    ]


def navigation_items() -> list[dict]:
    items = []
    for plugin in installed_plugins():
        for item in plugin.nav_items:
            try:
                url = item.path or reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "order": item.order})
    return sorted(items, key=lambda item: item["order"])


def dashboard_panels() -> list[str]:
    return [panel for plugin in installed_plugins() for panel in plugin.dashboard_panels]


@dataclass
class SearchSection:
    """What one plugin contributes to a site search: a heading, its first results, how many
    there are in all, and where to see them all."""

    title: str
    results: list = field(default_factory=list)  # items with `title`, `url`, `summary`
    total: int = 0
    more_url: str | None = None


def site_search_sections(query: str, request) -> list[SearchSection]:
    sections = []
    for plugin in installed_plugins():
        if plugin.site_search:
            section = import_string(plugin.site_search)(query, request)
            if section is not None:
                sections.append(section)
    return sections


@dataclass(frozen=True)
class DigestReader:
    """A member about to receive a digest, and the period it covers."""

    user: Any
    since: datetime
    until: datetime


@dataclass
class DigestSection:
    """What one plugin adds to a member's digest: a heading, its items, how many there are
    in all, and where to see them all."""

    title: str
    items: list = field(default_factory=list)  # items with `title`, `url`, `summary`
    total: int = 0
    more_url: str | None = None


def digest_contributors() -> list:
    return [import_string(p.digest_section) for p in installed_plugins() if p.digest_section]


def notification_kinds() -> dict[str, NotificationKind]:
    """The kinds of notification of the installed plugins, by key, in plugin order."""
    kinds = {}
    for _plugin, plugin_kinds in notification_kind_groups():
        for kind in plugin_kinds:
            kinds[kind.key] = kind
    return kinds


def notification_kind_groups() -> list[tuple[PluginConfig, tuple[NotificationKind, ...]]]:
    """Each installed plugin that sends notifications, with its kinds (the preferences
    page groups them so). Two plugins declaring the same key is a mistake said at once."""
    groups = []
    seen = set()
    for plugin in installed_plugins():
        if not plugin.notification_kinds:
            continue
        for kind in plugin.notification_kinds:
            if kind.key in seen:
                raise ValueError(f"Notification kind {kind.key!r} is declared twice.")
            seen.add(kind.key)
        groups.append((plugin, tuple(plugin.notification_kinds)))
    return groups


def demo_seeders() -> list:
    return [import_string(p.demo_seed) for p in installed_plugins() if p.demo_seed]


def navigation(request) -> dict:
    """Context processor: plugin navigation and whether site search is available."""
    return {
        "plugin_nav_items": navigation_items(),
        "site_search_url": _reverse_or_none("search"),
    }


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
