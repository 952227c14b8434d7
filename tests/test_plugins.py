"""The plugin core: the site works with any optional plugin left out, and the core
imports no plugin."""

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from cobioe.plugins import NavItem, PluginConfig, installed_plugins, navigation_items

ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = ["cobioe", "home", "accounts"]


def test_every_plugin_is_installed_by_default():
    assert sorted(p.label for p in installed_plugins()) == sorted(settings.ALL_PLUGINS)


def test_search_plugin_mounts_its_urls_under_its_prefix():
    assert reverse("search") == "/search/"


def only_search_has_entries(monkeypatch):
    """The installed search plugin, alone in bringing navigation entries."""
    for plugin in installed_plugins():
        monkeypatch.setattr(plugin, "nav_items", ())
    return next(p for p in installed_plugins() if p.label == "search")


def test_navigation_lists_plugin_entries_in_order(monkeypatch):
    search = only_search_has_entries(monkeypatch)
    monkeypatch.setattr(
        search,
        "nav_items",
        (NavItem("Second", "search", order=20), NavItem("First", "healthz", order=10)),
    )
    monkeypatch.setattr(search, "dashboard_panels", ())
    assert [item["label"] for item in navigation_items()] == ["First", "Second"]


def test_navigation_skips_an_entry_whose_url_does_not_exist(monkeypatch):
    search = only_search_has_entries(monkeypatch)
    monkeypatch.setattr(search, "nav_items", (NavItem("Gone", "no-such-url"),))
    assert navigation_items() == []


def test_unknown_plugin_name_is_refused():
    env = {**os.environ, "COBIOE_PLUGINS": "actors,nonsense"}
    result = subprocess.run(
        [sys.executable, "-c", "import cobioe.settings.test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "unknown plugins: ['nonsense']" in result.stderr


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_imports_no_plugin(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_modules(path) & set(settings.ALL_PLUGINS))
        for path in (ROOT / package).rglob("*.py")
        if ".venv" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_plugin_config_defaults_to_the_apps_urls_module():
    class Example(PluginConfig):
        name = "example"

    assert Example.get_urls_module(Example.__new__(Example)) == "example.urls"


def test_a_plugin_without_the_one_it_needs_is_refused_with_a_clear_message():
    env = {**os.environ, "COBIOE_PLUGINS": "news,search"}
    result = subprocess.run(
        [sys.executable, "-c", "import cobioe.settings.test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "ValueError: COBIOE_PLUGINS: the news plugin needs actors; add it or leave news out too."
        in result.stderr
    )


def plugins_left_out_with(plugin: str) -> set[str]:
    """The plugin and every plugin that needs it, directly or through another."""
    left_out = {plugin}
    while True:
        dependants = {
            name
            for name, needed in settings.PLUGIN_REQUIRES.items()
            if left_out & set(needed) and name not in left_out
        }
        if not dependants:
            return left_out
        left_out |= dependants


def test_leaving_out_a_plugin_leaves_out_those_that_build_on_it():
    assert plugins_left_out_with("actors") == {"actors", "news", "workgroups", "forum"}
    assert plugins_left_out_with("workgroups") == {"workgroups", "forum"}
    assert plugins_left_out_with("news") == {"news"}


def _database_for_run_without(plugin: str) -> str:
    """A database of its own for each run, named after this run's own test database (the
    `test_` prefix off, as the run adds it again), so that two checkouts running the tests
    at once each have theirs."""
    name = settings.DATABASES["default"]["NAME"].removeprefix("test_")
    return f"{name}_without_{plugin}"


def _run_without(plugin: str) -> tuple[str, subprocess.CompletedProcess]:
    left_out = plugins_left_out_with(plugin)
    kept = [p for p in settings.ALL_PLUGINS if p not in left_out]
    env = {**os.environ, "COBIOE_PLUGINS": ",".join(kept)}
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        user = db["USER"] or "postgres"
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{_database_for_run_without(plugin)}"
        )
    else:
        env["DATABASE_URL"] = "sqlite:///:memory:"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/plugin_smoke.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "--create-db",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return plugin, result


def test_site_works_with_each_optional_plugin_left_out():
    # Each run starts a fresh process, so that a plugin left out is really absent: its
    # modules are never imported and its admin hooks never registered.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_run_without, settings.ALL_PLUGINS))
    failures = {
        plugin: result.stdout[-3000:] + result.stderr[-2000:]
        for plugin, result in results
        if result.returncode != 0
    }
    assert failures == {}
    for _plugin, result in results:
        assert " passed" in result.stdout and "failed" not in result.stdout


def test_navigation_context_gives_the_search_url_while_search_is_installed(rf):
    from cobioe.plugins import navigation

    assert navigation(rf.get("/"))["site_search_url"] == "/search/"


@pytest.mark.django_db
def test_plugin_navigation_entry_shows_in_the_site_header(client, monkeypatch, seeded_site):
    search = next(p for p in installed_plugins() if p.label == "search")
    monkeypatch.setattr(search, "nav_items", (NavItem("Find anything", "search"),))
    html = client.get("/panorama/").content.decode()
    main_nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/search/"' in main_nav
    assert "Find anything" in main_nav


@pytest.mark.django_db
def test_plugin_dashboard_panel_is_included_on_the_dashboard(client, monkeypatch, tmp_path):
    from accounts.factories import VerifiedUserFactory

    (tmp_path / "panel.html").write_text('<section class="panel"><h2>Plugin panel</h2></section>')
    search = next(p for p in installed_plugins() if p.label == "search")
    monkeypatch.setattr(search, "dashboard_panels", ("panel.html",))
    templates = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    client.force_login(VerifiedUserFactory())
    with override_settings(TEMPLATES=templates):
        response = client.get("/dashboard/")
    assert "<h2>Plugin panel</h2>" in response.content.decode()
