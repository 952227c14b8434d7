"""Fixtures for the cross-app tests: the demo site, and a real Chromium driven by Playwright."""

import importlib
import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # alongside it are synchronous and safe. Only for these tests: a subprocess started by
    # another test must not inherit it (check --deploy refuses it, rightly).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def seeded_site(db):
    """The demo site of `make run`. It also works in a transactional test that comes after
    another one, whose teardown emptied even the rows Wagtail's migrations made."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def vocabularies(db):
    """The value chain, technologies and actor types of the actors' data migration, and
    the news topics of the news app's.

    A transactional test's teardown empties every table, and the serialized copy Django
    keeps to restore them does not reach a test that runs after Playwright started, so a
    browser test that needs the vocabularies asks for them here."""
    from django.apps import apps

    migration = importlib.import_module("actors.migrations.0002_seed_vocabularies")
    migration.seed(apps, None)
    if apps.is_installed("news"):
        importlib.import_module("news.migrations.0002_topics").seed(apps, None)


@pytest.fixture(scope="session")
def axe_script():
    if not AXE.exists():
        if shutil.which("npm"):
            message = f"axe-core is not installed ({AXE} is missing): run `make install-test`."
        else:
            message = "npm not found: install Node.js and npm, then `make test` installs axe-core."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return str(AXE)
