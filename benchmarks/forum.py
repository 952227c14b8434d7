"""Benchmark of the community pages on PostgreSQL: 200 working groups with their forums, a
member of 20 of them, and a topic of 2,000 posts. It counts the SQL queries of the group
list, the forum index, a group forum and the pages of the long topic, for that member
and for a visitor, and times them in this process through Django's test client.
Usage and figures: the README, section "Benchmark: benchmarks/forum.py"."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.actors import ensure_database, step  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cobioe_bench_forum"
DOMAIN = "forum-bench.example.org"
SLUG_PREFIX = "forum-bench-group-"

ENV = {
    "DJANGO_SETTINGS_MODULE": "cobioe.settings.production",
    "SECRET_KEY": "benchmark-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "WAGTAILADMIN_BASE_URL": "https://platform.cobioe.eu",
}

# Machina's own reported query counts (its documentation's performance notes): our pages
# must stay below them.
MACHINA = {"index": 22, "forum": 20, "topic": 13}


def main() -> int:
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "The benchmark measures PostgreSQL: DATABASE_URL must be postgres://", file=sys.stderr
        )
        return 2
    scratch = tempfile.mkdtemp(prefix="cobioe-bench-forum-")
    try:
        return run(args, database_url, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--member-of", type=int, default=20)
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page")
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the benchmark database first"
    )
    return parser.parse_args()


def run(args, database_url: str, scratch: str) -> int:
    os.environ.update(
        {
            **ENV,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": os.path.join(scratch, "static"),
            "MEDIA_ROOT": os.path.join(scratch, "media"),
        }
    )
    ensure_database(database_url, fresh=args.fresh)
    import django

    django.setup()
    from django.core.management import call_command

    step("Migrating")
    call_command("migrate", verbosity=0)
    step("Collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)

    rng = random.Random(20261124)  # noqa: S311 - test data, not security
    started = time.monotonic()
    groups = working_groups(args.groups, rng)
    member, few = members(groups, args.member_of, rng)
    long_topic, short_topic, public_topic = topics(groups, member, args.posts, rng)
    print(f"   setup in {time.monotonic() - started:.1f} s")

    step(f"Pages ({args.repeat} timed requests each, after one warm-up)")
    pages = [
        ("group list", "/groups/", None),
        ("forum index", "/forum/", "index"),
        ("group forum", forum_url(long_topic.forum), "forum"),
        ("public group forum", forum_url(public_topic.forum), "forum"),
        ("public topic", topic_url(public_topic), "topic"),
        ("topic, 2 posts", topic_url(short_topic), "topic"),
        ("topic, first page", topic_url(long_topic), "topic"),
        ("topic, last page", topic_url(long_topic, last=True), "topic"),
    ]
    rows = []
    for label, url, machina_page in pages:
        for who, user in (("member of 20", member), ("member of 2", few), ("visitor", None)):
            if who == "member of 2" and label.startswith(("topic", "public")):
                continue  # the pages of the member's groups: the other is not in them
            if who == "visitor" and label.startswith(("topic", "group forum")):
                continue  # a members-only group: a visitor gets a 404 (tested elsewhere)
            rows.append(measure(label, url, who, user, args.repeat, machina_page))
    report(rows)
    over = [row for row in rows if row["limit"] is not None and row["queries"] >= row["limit"]]
    print(
        "\nBelow machina's own counts (index 22, forum 20, topic 13): "
        + ("yes" if not over else "NO: " + ", ".join(f"{r['page']} ({r['who']})" for r in over))
    )
    return 0 if not over else 1


# The data -------------------------------------------------------------------------------


def working_groups(total: int, rng) -> list:
    """`total` groups under /groups/, half of them members only, each published as an
    editor would (so that the forum plugin makes its forum)."""
    from wagtail.models import Page, Site

    from home.models import HomePage
    from workgroups.models import WorkingGroupIndexPage, WorkingGroupPage

    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="COBIOE", slug="cobioe-bench-home")
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="127.0.0.1", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.hostname = "127.0.0.1"
        site.save()
    index = WorkingGroupIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=WorkingGroupIndexPage(title="Working groups", slug="groups")
        )
        index.save_revision().publish()

    existing = WorkingGroupPage.objects.filter(slug__startswith=SLUG_PREFIX)
    have = existing.count()
    if have < total:
        step(f"Adding and publishing {total - have} working groups")
        for n in range(have, total):
            group = index.add_child(
                instance=WorkingGroupPage(
                    title=f"Working group {n}",
                    slug=f"{SLUG_PREFIX}{n}",
                    summary="Partners working on one part of the value chain.",
                    visibility=rng.choice(list(WorkingGroupPage.Visibility.values)),
                    live=False,
                )
            )
            group.save_revision().publish()
    else:
        step(f"{have} benchmark groups already")
    return list(existing.order_by("pk"))


def members(groups: list, member_of: int, rng):
    """The measured member, active in `member_of` groups (half of them members only), and
    another in two; five more members in every group."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from workgroups.models import Membership, WorkingGroupPage

    User = get_user_model()

    def account(name):
        user, _ = User.objects.get_or_create(
            username=f"{name}@{DOMAIN}",
            defaults={"email": f"{name}@{DOMAIN}", "password": make_password(None)},
        )
        return user

    member, few = account("member"), account("few")
    if Membership.objects.filter(user=member).exists():
        step("Benchmark members already")
        return member, few
    step(f"Adding the members: one of {member_of} groups, one of 2, five in every group")
    private = [g for g in groups if g.visibility == WorkingGroupPage.Visibility.MEMBERS]
    public = [g for g in groups if g.visibility == WorkingGroupPage.Visibility.PUBLIC]
    chosen = private[: member_of // 2] + public[: member_of - member_of // 2]
    # Saved one by one, as the site does: each save tells the forum to grant the rights.
    for group in chosen:
        Membership.objects.create(group=group, user=member, state=Membership.State.ACTIVE)
    for group in (private[0], public[0]):
        Membership.objects.create(group=group, user=few, state=Membership.State.ACTIVE)
    for group in groups:
        for n in range(5):
            Membership.objects.create(
                group=group,
                user=account(f"g{group.pk}-m{n}"),
                state=Membership.State.ACTIVE,
                role=Membership.Role.COORDINATOR if n == 0 else Membership.Role.MEMBER,
            )
    return member, few


def topics(groups: list, member, posts: int, rng):
    """Three topics in every group forum, then, in the member's first members-only group, a
    topic of `posts` posts and one of two; and a topic of two posts in their first public
    group, which visitors read too."""
    from machina.core.db.models import get_model

    from forum.groups import forum_of_group
    from workgroups.models import Membership, WorkingGroupPage

    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")

    home_group = (
        WorkingGroupPage.objects.filter(
            memberships__user=member,
            memberships__state=Membership.State.ACTIVE,
            visibility=WorkingGroupPage.Visibility.MEMBERS,
        )
        .order_by("pk")
        .first()
    )
    forum = forum_of_group(home_group)
    public_group = (
        WorkingGroupPage.objects.filter(
            memberships__user=member,
            memberships__state=Membership.State.ACTIVE,
            visibility=WorkingGroupPage.Visibility.PUBLIC,
        )
        .order_by("pk")
        .first()
    )
    public_forum = forum_of_group(public_group)
    public_topic = Topic.objects.filter(forum=public_forum, subject="The public topic").first()
    if public_topic is None:
        public_topic = start_topic(public_forum, member, "The public topic", replies=1)
    long_topic = Topic.objects.filter(forum=forum, subject="The long topic").first()
    if long_topic is not None:
        step("Benchmark topics already")
        short_topic = Topic.objects.get(forum=forum, subject="The short topic")
        return long_topic, short_topic, public_topic

    step("Adding three topics to every group forum")
    for group in groups:
        group_forum = forum_of_group(group)
        for n in range(3):
            start_topic(group_forum, member, f"Topic {n} of {group.title}", replies=1)
    step(f"Adding a topic of {posts:,} posts")
    long_topic = start_topic(forum, member, "The long topic", replies=0)
    Post.objects.bulk_create(
        Post(
            topic=long_topic,
            poster=member,
            subject="Re: The long topic",
            content=f"Reply {n}: what we learnt from the last batch.",
            approved=True,
        )
        for n in range(posts - 1)
    )
    long_topic.update_trackers()
    short_topic = start_topic(forum, member, "The short topic", replies=1)
    return long_topic, short_topic, public_topic


def start_topic(forum, poster, subject: str, replies: int):
    from machina.core.db.models import get_model

    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=True,
    )
    for n in range(replies + 1):
        Post.objects.create(
            topic=topic,
            poster=poster,
            subject=subject if n == 0 else f"Re: {subject}",
            content="What we learnt." if n == 0 else "And what we did next.",
            approved=True,
        )
    topic.refresh_from_db()
    return topic


def forum_url(forum) -> str:
    from django.urls import reverse

    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def topic_url(topic, last: bool = False) -> str:
    from django.urls import reverse

    url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    if last:
        from machina.conf import settings as machina_settings

        per_page = machina_settings.TOPIC_POSTS_NUMBER_PER_PAGE
        url += f"?page={(topic.posts_count - 1) // per_page + 1}"
    return url


# The measure ----------------------------------------------------------------------------


def measure(label: str, url: str, who: str, user, repeat: int, machina_page) -> dict:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(url)  # warm-up: template and permission caches, as in a running site
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        response = client.get(url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "page": label,
        "who": who,
        "url": url,
        "status": response.status_code,
        "queries": len(queries),
        "limit": MACHINA.get(machina_page),
        "median_ms": statistics.median(timings),
        "size": len(response.content),
    }


def report(rows: list):
    print(f"\n{'page':<20} {'who':<14} {'status':>6} {'queries':>8} {'machina':>8} {'median':>9}")
    for row in rows:
        limit = row["limit"] if row["limit"] is not None else "-"
        print(
            f"{row['page']:<20} {row['who']:<14} {row['status']:>6} {row['queries']:>8} "
            f"{limit:>8} {row['median_ms']:>7.1f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
