"""The email digest: who is due, what each email holds, once only, and a run that crashes
half-way and is run again."""

import datetime
import re
import threading
import zoneinfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from wagtail.models import PageViewRestriction, Site

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory, OrganisationFactory
from actors.models import Technology, ValueChainStage
from news.digest import DeliveryLog, due_subscriptions, latest_slots, send_digests
from news.factories import NewsPageFactory, SubscriptionFactory
from news.models import DigestDelivery, Subscription
from news.tasks import send_digests_task

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def member(
    technologies=(),
    stages=(),
    countries=(),
    topics=(),
    digest="daily",
    digest_since=None,
    last_digest_at=None,
    **user,
):
    """A member with a profile, interests and a digest rhythm; by default they asked for
    the digest a week ago and never received one."""
    account = VerifiedUserFactory(**user)
    profile = MemberProfileFactory(user=account, interest_countries=list(countries))
    profile.interest_stages.set(ValueChainStage.objects.filter(slug__in=stages))
    profile.interest_technologies.set(Technology.objects.filter(slug__in=technologies))
    SubscriptionFactory(
        user=account,
        topics=list(topics),
        digest=digest,
        digest_since=digest_since or timezone.now() - 7 * DAY,
        last_digest_at=last_digest_at,
    )
    return account


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def titles_in(message) -> list[str]:
    """The article titles an email carries (each is a link in the HTML part)."""
    return re.findall(r'<h3[^>]*><a href="[^"]+"[^>]*>([^<]+)</a></h3>', html_of(message))


# Content ------------------------------------------------------------------------------


def test_the_email_has_html_and_text_with_the_article_its_reasons_and_absolute_links(
    news_index,
):
    reader = member(technologies=["cell-therapy"], stages=["production"])
    article = NewsPageFactory(
        parent=news_index,
        title="Cell & gene: a new <plant> in Lyon",
        slug="new-plant-in-lyon",
        summary="A 5,000 m² site for viral vectors.",
        technologies=["cell-therapy"],
        stages=["fill-and-finish"],
        source_name="BioPharma Weekly",
    )

    report = send_digests()

    assert report.as_dict() == {"members": 1, "emails": 1, "articles": 1, "skipped": 0}
    [message] = mail.outbox
    assert message.to == [reader.email]
    assert message.subject == "[COBIOE] Your news digest: 1 new article in your fields"
    text, html = message.body, html_of(message)
    assert "Cell & gene: a new <plant> in Lyon" in text
    assert "A 5,000 m² site for viral vectors." in text
    assert "In your fields: Stage: Fill and finish; Technology: Cell therapy" in text
    assert "http://testserver/news/new-plant-in-lyon/" in text
    assert "BioPharma Weekly" in text
    # The HTML part escapes what editors typed, and links to the article in full.
    assert "Cell &amp; gene: a new &lt;plant&gt; in Lyon" in html
    assert "<plant>" not in html
    assert 'href="http://testserver/news/new-plant-in-lyon/"' in html
    assert "Stage: Fill and finish; Technology: Cell therapy" in html
    assert 'href="http://testserver/news/monitoring/settings/"' in html
    assert DigestDelivery.objects.filter(user=reader, article=article).count() == 1


def test_the_email_carries_one_click_unsubscribe_headers_that_work(news_index, client):
    reader = member(technologies=["vaccines"])
    NewsPageFactory(parent=news_index, technologies=["vaccines"])
    send_digests()
    [message] = mail.outbox

    link = re.fullmatch(
        r"<(http://testserver/news/unsubscribe/[^>]+/)>", message.extra_headers["List-Unsubscribe"]
    )
    assert link, message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.group(1) in message.body
    assert link.group(1) in html_of(message)
    # What a mail client's one-click button does (RFC 8058): a POST with that body.
    response = client.post(
        link.group(1).removeprefix("http://testserver"),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert Subscription.objects.get(user=reader).digest == Subscription.Digest.NONE


def test_articles_come_newest_first_and_only_those_that_match(news_index):
    reader = member(technologies=["gene-therapy"], countries=["DE"])
    older = NewsPageFactory.days_ago(
        2, parent=news_index, title="Older", technologies=["gene-therapy"]
    )
    newer = NewsPageFactory.days_ago(
        1, parent=news_index, title="Newer", technologies=["gene-therapy"], countries=["DE"]
    )
    NewsPageFactory(
        parent=news_index, title="Elsewhere", technologies=["gene-therapy"], countries=["FR"]
    )
    NewsPageFactory(parent=news_index, title="Other field", technologies=["vaccines"])

    send_digests()

    [message] = sent_to(reader)
    assert titles_in(message) == [newer.title, older.title]
    assert "Country: Germany" in message.body


# Who is due ---------------------------------------------------------------------------


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BRUSSELS)


def test_the_daily_slot_is_todays_hour_once_reached_else_yesterdays():
    # Wednesday 2026-06-10
    assert latest_slots(at(2026, 6, 10, 6, 59))["daily"] == at(2026, 6, 9, 7)
    assert latest_slots(at(2026, 6, 10, 7, 0))["daily"] == at(2026, 6, 10, 7)
    assert latest_slots(at(2026, 6, 10, 23, 0))["daily"] == at(2026, 6, 10, 7)


def test_the_weekly_slot_is_the_latest_monday_at_the_hour():
    assert latest_slots(at(2026, 6, 10, 12))["weekly"] == at(2026, 6, 8, 7)  # Wednesday
    assert latest_slots(at(2026, 6, 8, 6, 30))["weekly"] == at(2026, 6, 1, 7)  # Monday, early
    assert latest_slots(at(2026, 6, 8, 7, 30))["weekly"] == at(2026, 6, 8, 7)


def test_the_hour_is_local_across_daylight_saving_time():
    # Summer time starts on Sunday 2026-03-29 in Brussels: 07:00 is 06:00 UTC before, 05:00 after.
    utc = datetime.UTC
    assert latest_slots(at(2026, 3, 28, 12))["daily"].astimezone(utc).hour == 6
    assert latest_slots(at(2026, 3, 30, 12))["daily"].astimezone(utc).hour == 5


@pytest.mark.parametrize(
    ("digest", "last_digest_at", "now", "due"),
    [
        ("daily", None, at(2026, 6, 10, 8), True),
        ("daily", at(2026, 6, 9, 7, 5), at(2026, 6, 10, 6, 59), False),
        ("daily", at(2026, 6, 9, 7, 5), at(2026, 6, 10, 7, 0), True),
        ("daily", at(2026, 6, 10, 7, 5), at(2026, 6, 10, 22, 0), False),
        ("weekly", None, at(2026, 6, 10, 8), True),
        ("weekly", at(2026, 6, 8, 7, 5), at(2026, 6, 14, 23, 0), False),  # until Sunday night
        ("weekly", at(2026, 6, 8, 7, 5), at(2026, 6, 15, 7, 0), True),  # next Monday
        ("weekly", at(2026, 6, 1, 9, 0), at(2026, 6, 8, 6, 0), False),  # Monday, before the hour
        ("none", None, at(2026, 6, 10, 8), False),
    ],
)
def test_who_is_due_depends_on_the_rhythm_and_the_last_digest(digest, last_digest_at, now, due):
    subscription = SubscriptionFactory(digest=digest, last_digest_at=last_digest_at)
    assert due_subscriptions(now).filter(pk=subscription.pk).exists() is due


def test_members_not_due_are_not_sent_anything(news_index):
    now = timezone.now()
    served_today = member(
        technologies=["vaccines"],
        last_digest_at=latest_slots(now)["daily"] + datetime.timedelta(minutes=1),
    )
    weekly = member(
        technologies=["vaccines"], digest="weekly", last_digest_at=latest_slots(now)["weekly"]
    )
    no_digest = member(technologies=["vaccines"], digest="none")
    inactive = member(technologies=["vaccines"], is_active=False)
    NewsPageFactory(parent=news_index, technologies=["vaccines"])

    assert send_digests(now).members == 0
    for user in (served_today, weekly, no_digest, inactive):
        assert sent_to(user) == []


def test_a_member_with_nothing_new_gets_no_email_but_is_done_until_the_next_slot(news_index):
    reader = member(technologies=["vaccines"])
    NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    now = timezone.now()

    report = send_digests(now)

    assert report.as_dict() == {"members": 1, "emails": 0, "articles": 0, "skipped": 0}
    assert mail.outbox == []
    assert Subscription.objects.get(user=reader).last_digest_at == now
    assert not due_subscriptions(now).exists()


# Once only, and nothing missed --------------------------------------------------------


def test_a_second_run_sends_nothing(news_index):
    member(technologies=["vaccines"])
    NewsPageFactory(parent=news_index, technologies=["vaccines"])
    now = timezone.now()
    assert send_digests(now).emails == 1
    mail.outbox.clear()

    assert send_digests(now + HOUR).emails == 0
    # Even the next day: the article was delivered, and nothing came since.
    assert send_digests(now + DAY).as_dict() == {
        "members": 1,
        "emails": 0,
        "articles": 0,
        "skipped": 0,
    }
    assert mail.outbox == []


def test_an_article_published_between_runs_goes_in_the_next_digest_alone(news_index):
    reader = member(technologies=["vaccines"])
    first = NewsPageFactory(parent=news_index, title="First", technologies=["vaccines"])
    now = timezone.now()
    send_digests(now)
    second = NewsPageFactory(parent=news_index, title="Second", technologies=["vaccines"])

    send_digests(timezone.now() + DAY)

    assert [titles_in(message) for message in sent_to(reader)] == [[first.title], [second.title]]


def test_an_article_whose_publication_committed_after_a_run_read_the_newsroom_is_not_lost(
    news_index,
):
    # Its first publication is stamped before the run's moment, but the run did not see it
    # (here: it did not exist yet). The delivery log, not the date, says it is unsent.
    reader = member(technologies=["vaccines"])
    now = timezone.now()
    send_digests(now)
    late = NewsPageFactory(
        parent=news_index, technologies=["vaccines"], first_published_at=now - HOUR
    )

    send_digests(now + DAY)

    [message] = sent_to(reader)
    assert titles_in(message) == [late.title]


def test_scheduled_unpublished_and_private_articles_are_never_sent(news_index):
    reader = member(technologies=["vaccines"])
    visible = NewsPageFactory(parent=news_index, title="Visible", technologies=["vaccines"])
    NewsPageFactory(
        parent=news_index,
        title="Scheduled",
        technologies=["vaccines"],
        live=False,
        first_published_at=None,
        go_live_at=timezone.now() + DAY,
    )
    NewsPageFactory(parent=news_index, title="Unpublished", technologies=["vaccines"], live=False)
    private = NewsPageFactory(parent=news_index, title="Private", technologies=["vaccines"])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    send_digests()

    [message] = sent_to(reader)
    assert titles_in(message) == [visible.title]
    for hidden in ("Scheduled", "Unpublished", "Private"):
        assert hidden not in message.body
    assert list(DigestDelivery.objects.values_list("article__title", flat=True)) == ["Visible"]


def test_articles_from_before_the_member_asked_for_the_digest_are_not_sent(news_index):
    reader = member(technologies=["vaccines"], digest_since=timezone.now() - 2 * DAY)
    NewsPageFactory.days_ago(3, parent=news_index, title="Before", technologies=["vaccines"])
    after = NewsPageFactory.days_ago(1, parent=news_index, title="After", technologies=["vaccines"])

    send_digests()

    [message] = sent_to(reader)
    assert titles_in(message) == [after.title]


def test_articles_older_than_the_maximum_age_are_not_sent(news_index, settings):
    settings.NEWS_DIGEST_MAX_AGE_DAYS = 10
    reader = member(technologies=["vaccines"], digest_since=timezone.now() - 60 * DAY)
    NewsPageFactory.days_ago(11, parent=news_index, title="Too old", technologies=["vaccines"])
    recent = NewsPageFactory.days_ago(
        9, parent=news_index, title="Recent", technologies=["vaccines"]
    )

    send_digests()

    [message] = sent_to(reader)
    assert titles_in(message) == [recent.title]


# What the plugins add -----------------------------------------------------------------


def test_new_organisations_in_the_members_fields_follow_the_articles(news_index):
    reader = member(stages=["production"], technologies=["vaccines"])
    NewsPageFactory(parent=news_index, title="Vaccine plant", technologies=["vaccines"])
    OrganisationFactory(name="Fill & Finish Partners", stages=["fill-and-finish"])
    OrganisationFactory(name="Training Academy", stages=["training"])

    send_digests()

    [message] = sent_to(reader)
    text, html = message.body, html_of(message)
    assert text.index("Vaccine plant") < text.index("New on the map in your fields")
    assert "Fill & Finish Partners" in text
    assert "Fill &amp; Finish Partners" in html
    assert "Training Academy" not in text


def test_a_member_whose_only_news_is_a_new_organisation_gets_an_email(news_index):
    reader = member(stages=["production"])
    organisation = OrganisationFactory(name="Fill Partners", stages=["fill-and-finish"])

    report = send_digests()

    assert report.as_dict() == {"members": 1, "emails": 1, "articles": 0, "skipped": 0}
    [message] = sent_to(reader)
    assert message.subject == "[COBIOE] Your news digest: new on the platform in your fields"
    assert f"http://testserver/actors/{organisation.slug}/" in message.body
    assert titles_in(message) == []


def test_an_organisation_published_before_the_last_digest_is_not_listed_again(news_index):
    reader = member(stages=["production"])
    OrganisationFactory(name="Fill Partners", stages=["fill-and-finish"])
    now = timezone.now()
    send_digests(now)
    mail.outbox.clear()

    send_digests(now + DAY)

    assert sent_to(reader) == []


# A run that crashes half-way, then runs again ------------------------------------------


class MailServerGoesAway(Exception):
    pass


class FailingAfterTwoBackend(EmailBackend):
    """The locmem backend, except that the mail server stops answering after two messages
    (across connections, as a crashed server would)."""

    def send_messages(self, messages):
        if len(mail.outbox) >= 2:
            raise MailServerGoesAway("the mail server stopped answering")
        return super().send_messages(messages)


@pytest.fixture(params=["one statement", "orm"])
def claim_by(request, monkeypatch):
    """Both ways of claiming a member: PostgreSQL's one statement, and the ORM's, which
    SQLite (the embedded database for trying the site out) runs."""
    if request.param == "orm":
        monkeypatch.setattr(DeliveryLog, "single_statement_vendors", frozenset())
    return request.param


def test_a_run_interrupted_half_way_is_finished_by_the_next_without_doubles_or_gaps(
    news_index, settings, claim_by
):
    readers = [member(technologies=["vaccines"]) for _ in range(5)]
    gene = member(technologies=["gene-therapy"])
    vaccine_news = [
        NewsPageFactory(parent=news_index, title=f"Vaccines {n}", technologies=["vaccines"])
        for n in range(3)
    ]
    gene_news = NewsPageFactory(parent=news_index, title="Genes", technologies=["gene-therapy"])
    expected = {reader.email: {a.title for a in vaccine_news} for reader in readers}
    expected[gene.email] = {gene_news.title}

    settings.EMAIL_BACKEND = f"{__name__}.FailingAfterTwoBackend"
    crashed = send_digests_task.enqueue()
    assert crashed.status == TaskResultStatus.FAILED
    assert len(mail.outbox) == 2
    # The member whose email failed was rolled back: nothing logged for them.
    assert DigestDelivery.objects.count() == 2 * 3
    assert Subscription.objects.filter(last_digest_at__isnull=False).count() == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resumed = send_digests_task.enqueue()
    assert resumed.status == TaskResultStatus.SUCCESSFUL
    assert resumed.return_value == {"members": 4, "emails": 4, "articles": 10, "skipped": 0}

    received = {}
    for message in mail.outbox:
        [address] = message.to
        titles = titles_in(message)
        assert len(titles) == len(set(titles))
        assert not received.keys() & {address}, f"{address} got two digests"
        received[address] = set(titles)
    assert received == expected
    assert send_digests_task.enqueue().return_value["emails"] == 0


def test_a_claim_records_the_run_and_logs_only_what_was_not_logged(news_index, claim_by):
    reader = member(technologies=["vaccines"])
    sent, fresh = (NewsPageFactory(parent=news_index, technologies=["vaccines"]) for _ in "ab")
    DigestDelivery.objects.create(user=reader, article=sent)  # by another run, meanwhile
    now = timezone.now()
    log = DeliveryLog(now)
    assert log.single_statement == (claim_by == "one statement")
    subscription = Subscription.objects.get(user=reader)

    with transaction.atomic():
        assert log.claim(subscription, [sent.pk, fresh.pk]) == (True, {fresh.pk})
    subscription.refresh_from_db()
    assert subscription.last_digest_at == now
    assert set(DigestDelivery.objects.filter(user=reader).values_list("article_id", flat=True)) == {
        sent.pk,
        fresh.pk,
    }
    # Served: no longer due, so a second claim in the same run takes nothing and logs
    # nothing.
    with transaction.atomic():
        assert log.claim(subscription, [fresh.pk]) == (False, set())
    assert DigestDelivery.objects.filter(user=reader).count() == 2


def test_a_claim_rolled_back_leaves_the_member_due_and_nothing_logged(news_index, claim_by):
    reader = member(technologies=["vaccines"])
    article = NewsPageFactory(parent=news_index, technologies=["vaccines"])
    subscription = Subscription.objects.get(user=reader)
    with transaction.atomic():
        assert DeliveryLog(timezone.now()).claim(subscription, [article.pk]) == (
            True,
            {article.pk},
        )
        transaction.set_rollback(True)
    assert due_subscriptions(timezone.now()).filter(user=reader).exists()
    assert not DigestDelivery.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_the_claims_transaction_commits_without_waiting_for_the_disk(news_index):
    reader = member(technologies=["vaccines"])
    subscription = Subscription.objects.get(user=reader)

    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    before = synchronous_commit()
    with transaction.atomic():
        DeliveryLog(timezone.now()).claim(subscription, [])
        assert synchronous_commit() == "off"
    assert synchronous_commit() == before != "off"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_another_run_holds_is_skipped_then_served_by_the_next_run(news_index, claim_by):
    held = member(technologies=["vaccines"])
    free = member(technologies=["vaccines"])
    NewsPageFactory(parent=news_index, technologies=["vaccines"])
    locked, release = threading.Event(), threading.Event()

    def another_run_serving_held():
        with transaction.atomic():
            Subscription.objects.select_for_update().get(user=held)
            locked.set()
            release.wait(20)
        connection.close()

    other = threading.Thread(target=another_run_serving_held)
    other.start()
    try:
        assert locked.wait(20)
        report = send_digests()
    finally:
        release.set()
        other.join()

    assert report.as_dict() == {"members": 2, "emails": 1, "articles": 1, "skipped": 1}
    assert [message.to for message in mail.outbox] == [[free.email]]
    assert send_digests().as_dict() == {"members": 1, "emails": 1, "articles": 1, "skipped": 0}
    assert [message.to for message in mail.outbox] == [[free.email], [held.email]]


# Queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("articles", [1, 30])
def test_a_run_costs_the_same_queries_whatever_the_number_of_articles(
    news_index, articles, django_assert_num_queries
):
    for _ in range(3):
        member(technologies=["vaccines"], stages=["production"], topics=["funding-and-investment"])
    member(technologies=["cell-therapy"])  # nothing for this one
    for n in range(articles):
        NewsPageFactory(
            parent=news_index,
            technologies=["vaccines"],
            stages=["production"],
            topics=["funding-and-investment"],
            countries=["FR"],
            organisations=[OrganisationFactory(name=f"Concerned {n}")],
        )
    Site.get_site_root_paths()  # Wagtail caches the sites; warm, as in any running site

    # Run: who is due (1), the view restrictions (1), the articles and their tags (5).
    # A batch: its members (1), their interests (6), the delivery log (1), new actors (8),
    # group activity (2: these members are in no working group);
    # per member emailed, in a savepoint: one statement locks them, records the run and
    # logs their articles (3 with the savepoint); the member with nothing new (1); the
    # empty batch that ends the run (1).
    with django_assert_num_queries(7 + 18 + 3 * 3 + 1 + 1) as queries:
        report = send_digests()

    assert report.as_dict() == {
        "members": 4,
        "emails": 3,
        "articles": 3 * articles,
        "skipped": 0,
    }
    claims = [q["sql"] for q in queries.captured_queries if "FOR UPDATE SKIP LOCKED" in q["sql"]]
    assert len(claims) == 3
    assert all("ON CONFLICT" in sql for sql in claims)


def test_nothing_due_costs_one_query(news_index, django_assert_num_queries):
    member(technologies=["vaccines"], digest="none")
    with django_assert_num_queries(1):
        assert send_digests().members == 0
