"""The email digest: at the rhythm each member chose, the articles of their fields they have
not been sent yet, then what the other plugins add (new actors, group activity).

The delivery log (DigestDelivery, unique per member and article) is what a digest leaves
out, rather than a date: an article whose publication committed a moment after a run
read the newsroom is still unsent, so the next run carries it. Each member is handled in
one transaction that locks their subscription, writes the log, sends the email and
records the run; a failure before the commit rolls it all back, so a run stopped half-way
(a crash, a lost SMTP connection) is simply run again: those already served are no longer
due, the others get everything they would have had. The one window left is between the
mail server accepting a message and the commit that follows it (a few milliseconds): a
crash exactly there sends that member's digest again on the next run. Sending after the
commit would instead risk losing it, which the issue rules out.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Count, Min, Prefetch, Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from cobioe.plugins import DigestReader, digest_contributors
from news.matching import Interests, Reason
from news.models import DigestDelivery, NewsPage, NewsPageOrganisation, Subscription
from news.unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)

# Members are read, matched and sent to this many at a time: a fixed number of queries
# per batch, and the memory of one batch.
BATCH_SIZE = 500


@dataclass
class DigestReport:
    """What a run did: due members looked at, emails sent, articles delivered, and members
    left to another run working at the same time."""

    members: int = 0
    emails: int = 0
    articles: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {
            "members": self.members,
            "emails": self.emails,
            "articles": self.articles,
            "skipped": self.skipped,
        }


@dataclass
class DigestArticle:
    """An article as a digest shows it: its block in each part of the email (the same for
    every reader), and why it is there (this reader's)."""

    article: NewsPage
    url: str
    html: str
    text: str
    reasons: list[Reason] = field(default_factory=list)


# When a digest is due ---------------------------------------------------------------


def latest_slots(now: datetime) -> dict[str, datetime]:
    """The latest moment each rhythm fell due at or before `now`: today's (or yesterday's)
    NEWS_DIGEST_HOUR for daily digests, the latest Monday's for weekly ones, in the
    site's time zone (so that the hour holds across daylight saving time)."""
    local = timezone.localtime(now, timezone.get_default_timezone())
    daily = local.replace(hour=settings.NEWS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if daily > local:
        daily -= timedelta(days=1)
    weekly = daily - timedelta(days=daily.weekday())
    return {Subscription.Digest.DAILY: daily, Subscription.Digest.WEEKLY: weekly}


def due_filter(now: datetime) -> Q:
    """Subscriptions whose last digest is older than their rhythm's latest slot."""
    due = Q(pk__in=[])
    for rhythm, slot in latest_slots(now).items():
        due |= Q(digest=rhythm) & (Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=slot))
    return due


def due_subscriptions(now: datetime):
    return Subscription.objects.filter(due_filter(now), user__is_active=True).exclude(
        user__email=""
    )


# The run ----------------------------------------------------------------------------


def send_digests(now: datetime | None = None, batch_size: int = BATCH_SIZE) -> DigestReport:
    """Send every due member their digest. Safe to run at any time and as often as wanted
    (when nothing is due it costs one query), and beside another run (each member is
    locked while served, and skipped if another run holds them)."""
    now = now or timezone.now()
    due = due_subscriptions(now)
    oldest = now - timedelta(days=settings.NEWS_DIGEST_MAX_AGE_DAYS)
    window = due.aggregate(
        members=Count("pk"),
        earliest=Min("digest_since"),
        undated=Count("pk", filter=Q(digest_since__isnull=True)),
    )
    if not window["members"]:
        return DigestReport()
    # The articles any due member may still need, loaded once for the whole run.
    floor = oldest if window["undated"] else max(oldest, window["earliest"])
    run = DigestRun(now, oldest, Newsroom(candidate_articles(floor, now)))
    last_pk = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            batch = list(
                due.filter(pk__gt=last_pk).select_related("user").order_by("pk")[:batch_size]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            run.send_batch(batch)
    logger.info("Digests: %s", run.report.as_dict())
    return run.report


def candidate_articles(floor: datetime, until: datetime) -> list[NewsPage]:
    """Visible articles first published in (floor, until], newest first, with what the
    matching and the email need."""
    return list(
        NewsPage.objects.visible()
        .filter(first_published_at__gt=floor, first_published_at__lte=until)
        .with_tags()
        .prefetch_related(
            Prefetch(
                "concerned_organisations",
                queryset=NewsPageOrganisation.objects.select_related("organisation"),
            )
        )
        .order_by("-first_published_at", "-pk")
    )


class Newsroom:
    """The run's candidate articles, indexed by the terms they carry, so that a member is
    matched only against the articles that share something with them."""

    def __init__(self, articles: list[NewsPage]):
        self.articles = {article.pk: article for article in articles}
        self.position = {article.pk: n for n, article in enumerate(articles)}
        self.organisations = {}
        self._by = defaultdict(set)
        for article in articles:
            self.organisations[article.pk] = [
                link.organisation_id for link in article.concerned_organisations.all()
            ]
            for topic in article.topics.all():
                self._by["topic", topic.pk].add(article.pk)
            for stage in article.stages.all():
                self._by["stage", stage.pk].add(article.pk)
            for technology in article.technologies.all():
                self._by["technology", technology.pk].add(article.pk)
            for organisation_id in self.organisations[article.pk]:
                self._by["organisation", organisation_id].add(article.pk)
            for country in article.countries:
                self._by["country", country.code].add(article.pk)
            if not article.countries:
                self._by["country", None].add(article.pk)  # European news: no country
        self._urls = {}

    def sharing(self, interests: Interests) -> set[int]:
        """The articles that can match the member: sharing a subject with them and, if they
        chose countries, about one of those or about none (for a member who chose only
        countries, about one of those). `reasons()` has the last word; this only spares
        it the thousands of articles that cannot match."""
        countries = [("country", code) for code in interests.countries]
        if not interests.has_subjects:
            return self._union(countries)
        found = self._union(
            [
                *(("topic", pk) for pk in interests.topic_ids),
                *(("stage", pk) for pk in interests.stage_ids),
                *(("technology", pk) for pk in interests.technology_ids),
                ("organisation", interests.organisation_id),
            ]
        )
        if countries:
            found &= self._union([*countries, ("country", None)])
        return found

    def _union(self, keys) -> set[int]:
        return set().union(*(self._by.get(key, ()) for key in keys))

    def url(self, article: NewsPage) -> str:
        if article.pk not in self._urls:
            # Relative on a single site, absolute across several; an article outside every
            # site (a misconfiguration) gets the address the URL contract promises.
            path = article.get_url() or f"/news/{article.slug}/"
            self._urls[article.pk] = (
                settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path.startswith("/") else path
            )
        return self._urls[article.pk]


class DigestRun:
    """What a run prepares once and uses for every batch of members."""

    def __init__(self, now: datetime, oldest: datetime, newsroom: Newsroom):
        self.now = now
        self.oldest = oldest
        self.newsroom = newsroom
        self.contributors = digest_contributors()
        self.templates = DigestTemplates()
        self.log = DeliveryLog(now)
        self.report = DigestReport()

    def send_batch(self, batch: list[Subscription]):
        newsroom, report = self.newsroom, self.report
        users = [subscription.user for subscription in batch]
        interests = Interests.for_users(users)
        delivered = defaultdict(set)
        if newsroom.articles:
            for user_id, article_id in DigestDelivery.objects.filter(
                user_id__in=[user.pk for user in users], article_id__in=list(newsroom.articles)
            ).values_list("user_id", "article_id"):
                delivered[user_id].add(article_id)
        readers = [
            DigestReader(user=s.user, since=_period_start(s, self.oldest), until=self.now)
            for s in batch
        ]
        contributed = [contributor(readers) for contributor in self.contributors]

        nothing_new = []
        with mail.get_connection() as mail_connection:
            for subscription in batch:
                report.members += 1
                user = subscription.user
                since = max(subscription.digest_since or self.oldest, self.oldest)
                items = []
                for pk in sorted(
                    newsroom.sharing(interests[user.pk]) - delivered[user.pk],
                    key=newsroom.position.__getitem__,
                ):
                    article = newsroom.articles[pk]
                    if article.first_published_at <= since:
                        continue
                    reasons = interests[user.pk].reasons(article, newsroom.organisations[pk])
                    if reasons:
                        items.append(
                            self.templates.article(article, newsroom.url(article), reasons)
                        )
                sections = [
                    section for sections in contributed if (section := sections.get(user.pk))
                ]
                if not items and not sections:
                    nothing_new.append(subscription.pk)
                    continue
                outcome = self.deliver(subscription, items, sections, mail_connection)
                if outcome is None:
                    report.skipped += 1
                elif outcome.emailed:
                    report.emails += 1
                    report.articles += outcome.articles
        # Members with nothing new get no email, and are not due again until the next slot.
        # The due filter again: another run may have served them meanwhile.
        if nothing_new:
            Subscription.objects.filter(due_filter(self.now), pk__in=nothing_new).update(
                last_digest_at=self.now
            )

    def deliver(self, subscription, items, sections, mail_connection) -> Outcome | None:
        """Serve one member in one transaction; None if another run holds them or has
        served them meanwhile, or if the mail server refused their address."""
        with transaction.atomic():
            claimed, logged = self.log.claim(subscription, [item.article.pk for item in items])
            if not claimed:
                return None
            # What another run sent since this one read the log is left out.
            items = [item for item in items if item.article.pk in logged]
            if items or sections:
                message = self.templates.compose(subscription, items, sections)
                try:
                    mail_connection.send_messages([message])
                except smtplib.SMTPRecipientsRefused:
                    # This address only: roll this member back (their next run retries) and
                    # go on with the others. Anything else (the server gone) stops the run.
                    logger.warning(
                        "Digest refused for user %s", subscription.user_id, exc_info=True
                    )
                    transaction.set_rollback(True)
                    return None
        return Outcome(emailed=bool(items or sections), articles=len(items))


def _period_start(subscription: Subscription, oldest: datetime) -> datetime:
    """Since when the plugins' news counts: the last digest, or when the member asked for
    one, whichever is later, and never further back than NEWS_DIGEST_MAX_AGE_DAYS."""
    moments = [subscription.last_digest_at, subscription.digest_since, oldest]
    return max(moment for moment in moments if moment is not None)


@dataclass(frozen=True)
class Outcome:
    emailed: bool
    articles: int = 0


class DeliveryLog:
    """Claiming a member and logging their articles, inside the member's transaction: lock
    their subscription (skipped if another run holds it), check under the lock that they
    are still due, record the run, and log the articles not already logged.

    On PostgreSQL this is one statement, written once per run: one round trip per member
    instead of four. Its transaction also commits without waiting for the disk
    (synchronous_commit off, for that transaction only), as thousands of commits each
    waiting for a flush were a third of a run's time. A stopped or crashed worker loses
    nothing by it, the commit being done in PostgreSQL; only a crash of the database server
    itself in the fraction of a second after a commit can lose that record, and then that
    member's digest goes again on the next run: the window that already exists between
    the mail server's acceptance and the commit, widened by the WAL writer's delay.
    Elsewhere (SQLite, to try the site out) the ORM does it in three statements."""

    # The databases on which the one statement runs.
    single_statement_vendors = frozenset({"postgresql"})

    def __init__(self, now: datetime):
        self.now = now
        self.single_statement = connection.vendor in self.single_statement_vendors
        if self.single_statement:
            self.sql, self.due_params = self._statement()

    def claim(self, subscription: Subscription, article_ids: list[int]) -> tuple[bool, set[int]]:
        """Whether this run serves the member, and which of the articles it logged for
        them (those not logged before)."""
        if not self.single_statement:
            return self._claim_with_the_orm(subscription, article_ids)
        params = [self.now, subscription.pk, *self.due_params, self.now, article_ids]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            claimed, logged, _ = cursor.fetchone()
        return claimed, set(logged)

    def _statement(self) -> tuple[str, list]:
        # The due condition is the ORM's own SQL for due_filter(), compiled once; table
        # names come from the models and every value is a parameter.
        query = Subscription.objects.filter(due_filter(self.now)).query
        due, due_params = query.get_compiler(connection=connection).compile(query.where)
        subscriptions = connection.ops.quote_name(Subscription._meta.db_table)
        deliveries = connection.ops.quote_name(DigestDelivery._meta.db_table)
        sql = f"""
            WITH claimed AS (
                UPDATE {subscriptions} SET last_digest_at = %s
                WHERE id = (
                    SELECT id FROM {subscriptions} WHERE id = %s AND {due}
                    FOR UPDATE SKIP LOCKED
                )
                RETURNING user_id
            ), logged AS (
                INSERT INTO {deliveries} (user_id, article_id, sent_at)
                SELECT claimed.user_id, article_id, %s
                FROM claimed, unnest(%s::integer[]) AS article_id
                ON CONFLICT (user_id, article_id) DO NOTHING
                RETURNING article_id
            )
            SELECT
                EXISTS (SELECT 1 FROM claimed),
                ARRAY(SELECT article_id FROM logged),
                set_config('synchronous_commit', 'off', true)
        """  # noqa: S608 - no value is formatted in, see above
        return sql, list(due_params)

    def _claim_with_the_orm(self, subscription, article_ids) -> tuple[bool, set[int]]:
        claimed = Subscription.objects.filter(
            pk__in=Subscription.objects.select_for_update(skip_locked=True)
            .filter(due_filter(self.now), pk=subscription.pk)
            .values("pk")
        ).update(last_digest_at=self.now)
        if not claimed:
            return False, set()
        logged = set(article_ids) - set(
            DigestDelivery.objects.filter(
                user_id=subscription.user_id, article_id__in=article_ids
            ).values_list("article_id", flat=True)
        )
        DigestDelivery.objects.bulk_create(
            DigestDelivery(user_id=subscription.user_id, article_id=pk, sent_at=self.now)
            for pk in logged
        )
        return True, logged


# The email --------------------------------------------------------------------------


class DigestTemplates:
    """The digest's three templates, loaded once per run."""

    def __init__(self):
        self.subject = get_template("news/emails/digest_subject.txt")
        self.text = get_template("news/emails/digest.txt")
        self.html = get_template("news/emails/digest.html")
        self.article_text = get_template("news/emails/digest_article.txt")
        self.article_html = get_template("news/emails/digest_article.html")
        self._articles = {}
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.site_url = base + "/"
        self.settings_url = base + reverse("news:monitoring_settings")
        self.monitoring_url = base + reverse("news:monitoring")

    def article(self, article: NewsPage, url: str, reasons: list[Reason]) -> DigestArticle:
        """The article's blocks are rendered once per run, not once per reader: a run
        sends each day's few articles to thousands."""
        if article.pk not in self._articles:
            context = {"article": article, "url": url}
            self._articles[article.pk] = (
                self.article_html.render(context),
                self.article_text.render(context),
            )
        html, text = self._articles[article.pk]
        return DigestArticle(article=article, url=url, html=html, text=text, reasons=reasons)

    def compose(self, subscription, items, sections) -> mail.EmailMultiAlternatives:
        user = subscription.user
        unsubscribe = unsubscribe_url(user)
        context = {
            "articles": items,
            "sections": sections,
            "rhythm": subscription.digest,
            "article_count": ngettext(
                "%(count)d new article in your fields",
                "%(count)d new articles in your fields",
                len(items),
            )
            % {"count": len(items)},
            "site_url": self.site_url,
            "settings_url": self.settings_url,
            "monitoring_url": self.monitoring_url,
            "unsubscribe_url": unsubscribe,
        }
        subject = " ".join(self.subject.render(context).split())
        message = mail.EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=self.text.render(context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={
                # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs
                # to the link, without opening a page.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(self.html.render(context), "text/html")
        return message
