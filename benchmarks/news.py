"""Benchmark of the news digest on PostgreSQL: 10,000 members who all chose a daily digest,
5,000 articles over three years, one digest run timed in this process (the worker's).
Usage and figures: the README, section "Benchmark: benchmarks/news.py"."""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.actors import ensure_database, step  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cobioe_bench_news"
DOMAIN = "digest-bench.example.org"
SLUG_PREFIX = "digest-bench-"
SOURCE = "digest-bench"
TARGET_SECONDS = 60

ENV = {
    "DJANGO_SETTINGS_MODULE": "cobioe.settings.production",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
    # Every email is rendered and built as MIME, then kept in memory (django.core.mail.outbox).
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "WAGTAILADMIN_BASE_URL": "https://platform.cobioe.eu",
}

EU = ["AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "NL", "PL", "PT", "SE"]


def main() -> int:
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "The benchmark measures PostgreSQL: DATABASE_URL must be postgres://", file=sys.stderr
        )
        return 2
    os.environ.update({**ENV, "DATABASE_URL": database_url})
    ensure_database(database_url, fresh=args.fresh)
    import django

    django.setup()
    from django.core.management import call_command

    step("Migrating")
    call_command("migrate", verbosity=0)
    rng = random.Random(20261124)  # noqa: S311 - test data, not security
    started = time.monotonic()
    anchor = newsroom(args.articles, rng)
    organisations(args.organisations, anchor, rng)
    members(args.members, rng)
    if not (args.daily_only and rewind(anchor)):
        reset(anchor)
    print(f"   setup in {time.monotonic() - started:.1f} s")

    from news.digest import BATCH_SIZE

    step(f"Digest runs (batches of {BATCH_SIZE}, mail: locmem backend, kept in memory)")
    results = []
    if not args.daily_only:
        results.append(
            timed_run(anchor - timedelta(days=1), "first digest (back news since digest_since)")
        )
    daily = timed_run(anchor, "daily digest, the day after")
    for result in [*results, daily]:
        report(result)
    ok = daily["seconds"] < TARGET_SECONDS
    print(f"\nTarget: the daily run under {TARGET_SECONDS} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--organisations", type=int, default=1_000, help="new ones, last 30 days")
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the benchmark database first"
    )
    parser.add_argument(
        "--daily-only",
        action="store_true",
        help="after a full run: undo the daily run and time it again, without the first run",
    )
    return parser.parse_args()


# The data -------------------------------------------------------------------------------


def newsroom(total: int, rng) -> object:
    """The site, its newsroom and `total` articles ending at the returned moment (one every
    ~5 hours over three years). Pages are added one by one through treebeard, as the admin
    does: slow once (minutes), then reused."""
    from django.test.utils import override_settings
    from django.utils import timezone
    from wagtail.models import Page, Site

    from actors.models import Technology, ValueChainStage
    from home.models import HomePage
    from news.models import NewsIndexPage, NewsPage, Topic

    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="COBIOE", slug="cobioe-bench-home")
        )
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    index = NewsIndexPage.objects.first() or home.add_child(
        instance=NewsIndexPage(title="News", slug="news")
    )

    existing = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX)
    span = timedelta(days=3 * 365) / total
    if existing.exists():
        # The anchor was a whole minute; rounding undoes the microseconds lost in between.
        newest = existing.order_by("-first_published_at")[0].first_published_at
        anchor = (newest + span / 2 + timedelta(seconds=30)).replace(second=0, microsecond=0)
    else:
        anchor = timezone.now().replace(second=0, microsecond=0)
    have = existing.count()
    if have >= total:
        step(f"{have:,} benchmark articles already")
        return anchor

    step(f"Adding {total - have:,} articles through treebeard")
    started = time.monotonic()
    topics = list(Topic.objects.values_list("pk", flat=True))
    stages = list(ValueChainStage.objects.values_list("pk", flat=True))
    technologies = list(Technology.objects.values_list("pk", flat=True))
    # The search index and reference index updates each save queues would fill the task
    # table with 10,000 rows no worker will run: the dummy backend drops them.
    tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=tasks):
        for n in range(have, total):
            moment = anchor - span * (n + 0.5)
            index.add_child(
                instance=NewsPage(
                    title=f"Biomanufacturing news {n}",
                    slug=f"{SLUG_PREFIX}{n}",
                    date=timezone.localdate(moment),
                    summary="What happened in the sector, and why it matters.",
                    first_published_at=moment,
                    last_published_at=moment,
                    live=True,
                    countries=rng.sample(EU, 1) if rng.random() < 0.3 else [],
                )
            )
            if (n + 1) % 500 == 0:
                print(f"   {n + 1:,} articles, {time.monotonic() - started:.0f} s", flush=True)
    # The tags, straight into the link tables.
    untagged = list(existing.filter(topics=None).values_list("pk", flat=True))
    links = {"topics": ("topic_id", topics), "stages": ("valuechainstage_id", stages)}
    links["technologies"] = ("technology_id", technologies)
    for name, (column, choices) in links.items():
        through = getattr(NewsPage, name).through
        through.objects.bulk_create(
            through(newspage_id=pk, **{column: term})
            for pk in untagged
            for term in rng.sample(choices, rng.randint(1, 2))
        )
    print(f"   in {time.monotonic() - started:.1f} s")
    return anchor


def organisations(total: int, anchor, rng):
    """`total` organisations published over the 30 days before the anchor, some of them
    concerned by articles."""
    from actors.models import ActorType, Organisation, Technology, ValueChainStage
    from news.models import NewsPage, NewsPageOrganisation

    if Organisation.objects.filter(source=SOURCE).count() >= total:
        step(f"{total:,} benchmark organisations already")
        return
    step(f"Adding {total:,} organisations published in the last 30 days")
    type_ids = list(ActorType.objects.values_list("pk", flat=True))
    stage_ids = list(ValueChainStage.objects.values_list("pk", flat=True))
    technology_ids = list(Technology.objects.values_list("pk", flat=True))
    batch = []
    for n in range(total):
        organisation = Organisation(
            name=f"Digest benchmark organisation {n}",
            slug=f"digest-bench-organisation-{n}",
            actor_type_id=rng.choice(type_ids),
            country=rng.choice(EU),
            city="Somewhere",
            status=Organisation.Status.PUBLISHED,
            published_at=anchor - timedelta(days=30) * rng.random(),
            source=SOURCE,
            source_id=str(n),
        )
        organisation.search_text = organisation.build_search_text()
        batch.append(organisation)
    batch = Organisation.objects.bulk_create(batch)
    Organisation.stages.through.objects.bulk_create(
        Organisation.stages.through(organisation_id=o.pk, valuechainstage_id=s)
        for o in batch
        for s in rng.sample(stage_ids, rng.randint(1, 2))
    )
    Organisation.technologies.through.objects.bulk_create(
        Organisation.technologies.through(organisation_id=o.pk, technology_id=t)
        for o in batch
        for t in rng.sample(technology_ids, rng.randint(0, 2))
    )
    articles = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    NewsPageOrganisation.objects.bulk_create(
        NewsPageOrganisation(page_id=pk, organisation_id=rng.choice(batch).pk)
        for pk in articles
        if rng.random() < 0.2
    )


def members(total: int, rng):
    """`total` members with random interests from the real vocabularies, all on a daily
    digest; a tenth of them belong to an organisation."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from actors.models import MemberProfile, Organisation, Technology, ValueChainStage
    from news.models import Subscription, Topic

    User = get_user_model()
    have = User.objects.filter(email__endswith="@" + DOMAIN).count()
    if have >= total:
        step(f"{have:,} benchmark members already")
        return
    step(f"Adding {total - have:,} members")
    topics = list(Topic.objects.values_list("pk", flat=True))
    stages = list(ValueChainStage.objects.values_list("pk", flat=True))
    technologies = list(Technology.objects.values_list("pk", flat=True))
    organisation_ids = list(Organisation.objects.filter(source=SOURCE).values_list("pk", flat=True))
    for start in range(have, total, 2000):
        users = User.objects.bulk_create(
            User(
                username=f"member{n}@{DOMAIN}",
                email=f"member{n}@{DOMAIN}",
                password=make_password(None),
            )
            for n in range(start, min(total, start + 2000))
        )
        profiles = MemberProfile.objects.bulk_create(
            MemberProfile(
                user=user,
                interest_countries=rng.sample(EU, rng.randint(1, 2)) if rng.random() < 0.3 else [],
                organisation_id=(
                    rng.choice(organisation_ids)
                    if organisation_ids and rng.random() < 0.1
                    else None
                ),
            )
            for user in users
        )
        MemberProfile.interest_stages.through.objects.bulk_create(
            MemberProfile.interest_stages.through(memberprofile_id=p.pk, valuechainstage_id=s)
            for p in profiles
            for s in rng.sample(stages, rng.randint(0, 2))
        )
        MemberProfile.interest_technologies.through.objects.bulk_create(
            MemberProfile.interest_technologies.through(memberprofile_id=p.pk, technology_id=t)
            for p in profiles
            for t in rng.sample(technologies, rng.randint(1, 2))
        )
        subscriptions = Subscription.objects.bulk_create(
            Subscription(user=user, digest=Subscription.Digest.DAILY) for user in users
        )
        Subscription.topics.through.objects.bulk_create(
            Subscription.topics.through(subscription_id=s.pk, topic_id=t)
            for s in subscriptions
            for t in rng.sample(topics, rng.randint(0, 2))
        )


def reset(anchor):
    """Every member on a daily digest asked for it 60 days before the anchor and has had
    none yet; the delivery log is empty."""
    from django.db import connection

    from news.models import DigestDelivery, Subscription

    step("Resetting the digest state")
    DigestDelivery.objects.all().delete()
    Subscription.objects.update(
        digest=Subscription.Digest.DAILY,
        digest_since=anchor - timedelta(days=60),
        last_digest_at=None,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rewind(anchor) -> bool:
    """Undo the daily run of an earlier full run (its deliveries and its record), so that
    it can be timed again; False if the database is not in that state."""
    from news.models import DigestDelivery, Subscription

    day = timedelta(days=1)
    if Subscription.objects.exclude(last_digest_at__in=[anchor - day, anchor]).exists():
        return False
    step("Undoing the previous daily run")
    DigestDelivery.objects.filter(sent_at=anchor).delete()
    Subscription.objects.filter(last_digest_at=anchor).update(last_digest_at=anchor - day)
    return True


# The measure ----------------------------------------------------------------------------


class PeakMemory:
    """The resident memory of this process, sampled every 20 ms while a run lasts."""

    def __init__(self):
        self.peak = self.before = rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss())


def rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class QueryCounter:
    """Counts the SQL statements and their time through Django's execute wrapper."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def timed_run(now, label: str) -> dict:
    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from news.digest import send_digests

    mail.outbox = []
    queries = QueryCounter()
    step(f"{label}: send_digests(now={timezone.localtime(now):%Y-%m-%d %H:%M %Z})")
    with PeakMemory() as memory, connection.execute_wrapper(queries):
        started, cpu = time.perf_counter(), time.process_time()
        result = send_digests(now)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    sizes = [len(message.message().as_bytes()) for message in mail.outbox[:200]]
    mail.outbox = []
    return {
        "label": label,
        "report": result,
        "seconds": seconds,
        "cpu": cpu,
        "load": os.getloadavg()[0],
        "queries": queries.count,
        "query_seconds": queries.seconds,
        "rss_before": memory.before,
        "rss_peak": memory.peak,
        "email_size": sum(sizes) / len(sizes) if sizes else 0,
    }


def report(result: dict):
    r = result["report"]
    mib = 1024 * 1024
    print(
        f"\n{result['label']}:\n"
        f"   {r.members:,} members checked, {r.emails:,} emails, {r.articles:,} articles "
        f"sent, {r.skipped} skipped\n"
        f"   {result['seconds']:.1f} s ({r.members / result['seconds']:.0f} members/s), "
        f"{result['cpu']:.1f} s of CPU in this process, load average {result['load']:.1f}; "
        f"{result['queries']:,} SQL queries taking {result['query_seconds']:.1f} s\n"
        f"   memory (RSS): {result['rss_before'] / mib:.0f} MiB before, "
        f"{result['rss_peak'] / mib:.0f} MiB at the peak; "
        f"mean email {result['email_size'] / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    sys.exit(main())
