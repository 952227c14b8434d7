"""The main pages pass axe-core's WCAG 2.1 A and AA audit, on a desktop and on a phone.

Each page also has exactly one h1, a non-empty title unique among the audited pages, and the
main, banner and contentinfo landmarks (DESIGN.md, "Rules every part keeps"). axe-core comes
from npm (package.json, installed by `make install-test`); nothing is fetched at run time.
"""

import re

import pytest

from accounts.factories import DEFAULT_PASSWORD, VerifiedUserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (path, expected HTTP status)
PUBLIC_PAGES = [
    ("/", 200),
    ("/panorama/", 200),
    ("/about/", 200),
    ("/privacy/", 200),
    ("/search/?q=biomanufacturing", 200),
    ("/search/?q=zzzznothing", 200),
    ("/no-such-page/", 404),
    ("/accounts/signup/", 200),
    ("/accounts/login/", 200),
    ("/accounts/password/reset/", 200),
    ("/actors/", 200),
    ("/actors/?stage=production&country=FR&q=cell&type=nonsense", 200),
    ("/actors/?page=9999", 200),
    ("/actors/value-chain/", 200),
    ("/actors/value-chain/?technology=cell-therapy", 200),
    ("/actors/helixa-cell-manufacturing-demo/", 200),
    ("/news/", 200),
    ("/news/?topic=partnerships&country=FR", 200),
    ("/news/trends/", 200),
    ("/news/cobioe-a-european-project-for-health-biomanufacturing/", 200),
    ("/news/unsubscribe/not-a-valid-token/", 400),
    ("/groups/", 200),
    ("/groups/cell-therapy-manufacturing/", 200),
    ("/groups/tech-transfer-and-scale-up/", 200),
]
MEMBER_PAGES = [
    ("/dashboard/", 200),
    ("/accounts/password/change/", 200),
    ("/actors/join/?q=cell", 200),
    ("/actors/new/", 200),
    ("/actors/me/", 200),
    ("/news/monitoring/", 200),
    ("/news/monitoring/settings/", 200),
    ("/notifications/", 200),
    ("/notifications/settings/", 200),
    ("/groups/?mine=1", 200),
    ("/groups/biomanufacturing-skills/", 200),
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
LANDMARKS = ["main", "banner", "contentinfo"]


def audit(page, axe_script):
    """The problems of the page now loaded, as lines a reader can act on."""
    problems = []
    h1_count = page.get_by_role("heading", level=1).count()
    if h1_count != 1:
        problems.append(f"{h1_count} h1 headings instead of exactly one")
    if not page.title().strip():
        problems.append("empty <title>")
    for landmark in LANDMARKS:
        if not page.get_by_role(landmark).count():
            problems.append(f"no {landmark} landmark")

    page.add_script_tag(path=axe_script)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    for violation in results["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        problems.append(
            f"axe {violation['id']} ({violation['impact']}): {violation['help']}"
            f" at {'; '.join(targets)}{f' and {more} more' if more > 0 else ''}"
            f" [{violation['helpUrl']}]"
        )
    return problems


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label(re.compile(r"^Email", re.I)).fill(email)
    page.get_by_label(re.compile(r"^Password", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


@pytest.mark.parametrize("device", VIEWPORTS)
def test_main_pages_pass_the_accessibility_audit(
    live_server, browser, axe_script, seeded_site, device
):
    member = VerifiedUserFactory()
    context = browser.new_context(locale="en-GB", **VIEWPORTS[device])
    page = context.new_page()
    page.set_default_timeout(15_000)

    failures = {}
    titles = {}

    def check(path, status):
        response = page.goto(live_server.url + path)
        problems = [] if response.status == status else [f"HTTP {response.status}, not {status}"]
        problems += audit(page, axe_script)
        titles.setdefault(page.title().strip(), []).append(path)
        if problems:
            failures[path] = problems

    try:
        for path, status in PUBLIC_PAGES:
            check(path, status)
        log_in(page, live_server.url, member.email)
        for path, status in MEMBER_PAGES:
            check(path, status)
    finally:
        context.close()

    for title, paths in titles.items():
        if len(paths) > 1:
            for path in paths:
                failures.setdefault(path, []).append(f"title {title!r} shared with {paths}")

    report = "\n".join(
        f"{path}:\n" + "\n".join(f"  - {problem}" for problem in problems)
        for path, problems in failures.items()
    )
    assert not failures, f"Accessibility problems on the {device} viewport:\n{report}"
