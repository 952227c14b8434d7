"""Each member's monitoring: the settings form, the "My monitoring" page and the
dashboard panel, with their reasons and their fixed query counts."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory, OrganisationFactory
from actors.models import MemberProfile, Technology, ValueChainStage
from news.factories import NewsPageFactory, SubscriptionFactory
from news.models import Subscription, Topic
from news.templatetags.news_monitoring import PANEL_ARTICLES
from news.views.monitoring import PER_PAGE

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/news/monitoring/settings/"
MONITORING_URL = "/news/monitoring/"


def member(topics=(), stages=(), technologies=(), countries=(), organisation=None):
    user = VerifiedUserFactory()
    profile = MemberProfileFactory(
        user=user, interest_countries=list(countries), organisation=organisation
    )
    profile.interest_stages.set(ValueChainStage.objects.filter(slug__in=stages))
    profile.interest_technologies.set(Technology.objects.filter(slug__in=technologies))
    SubscriptionFactory(user=user, topics=list(topics))
    return user


def pks(model, *slugs):
    return [str(pk) for pk in model.objects.filter(slug__in=slugs).values_list("pk", flat=True)]


def test_urls_keep_their_names():
    assert reverse("news:monitoring") == MONITORING_URL
    assert reverse("news:monitoring_settings") == SETTINGS_URL


# Settings -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SETTINGS_URL, MONITORING_URL])
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_show_the_current_choices_and_the_rule(client):
    user = member(topics=["funding-and-investment"], stages=["production"], countries=["FR"])
    Subscription.objects.filter(user=user).update(digest="weekly", notify_in_site=True)
    client.force_login(user)
    response = client.get(SETTINGS_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["topics"].value() == [Topic.objects.get(slug="funding-and-investment").pk]
    assert form["stages"].value() == [ValueChainStage.objects.get(slug="production").pk]
    assert form["countries"].value() == ["FR"]
    assert form["digest"].value() == "weekly"
    assert form["notify_in_site"].value() is True
    html = response.content.decode()
    assert "the countries you choose narrow" in html
    assert "covers its sub-stages" in html
    assert "<legend>Production</legend>" in html  # stages grouped under their stage


def test_reading_the_settings_creates_nothing(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    assert client.get(SETTINGS_URL).status_code == 200
    assert not MemberProfile.objects.filter(user=user).exists()
    assert not Subscription.objects.filter(user=user).exists()


def test_saving_creates_the_profile_and_subscription_of_a_new_member(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    response = client.post(
        SETTINGS_URL,
        {
            "topics": pks(Topic, "funding-and-investment", "regulation-and-policy"),
            "stages": pks(ValueChainStage, "production"),
            "technologies": pks(Technology, "cell-therapy"),
            "countries": ["FR", "DE"],
            "digest": "daily",
            "notify_in_site": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == MONITORING_URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your monitoring settings are saved."
    ]
    profile = MemberProfile.objects.get(user=user)
    assert sorted(str(c) for c in profile.interest_countries) == ["DE", "FR"]
    assert [s.slug for s in profile.interest_stages.all()] == ["production"]
    assert [t.slug for t in profile.interest_technologies.all()] == ["cell-therapy"]
    subscription = Subscription.objects.get(user=user)
    assert sorted(t.slug for t in subscription.topics.all()) == [
        "funding-and-investment",
        "regulation-and-policy",
    ]
    assert subscription.digest == "daily"
    assert subscription.notify_in_site is True
    assert subscription.digest_since is not None
    assert timezone.now() - subscription.digest_since < datetime.timedelta(minutes=1)


def test_saving_keeps_the_rest_of_the_member_profile(client):
    organisation = OrganisationFactory()
    user = member(stages=["production"], organisation=organisation)
    MemberProfile.objects.filter(user=user).update(display_name="Ada", job_title="QP")
    client.force_login(user)
    client.post(SETTINGS_URL, {"technologies": pks(Technology, "cell-therapy"), "digest": "none"})
    profile = MemberProfile.objects.get(user=user)
    assert (profile.display_name, profile.job_title, profile.organisation) == (
        "Ada",
        "QP",
        organisation,
    )
    assert not profile.interest_stages.exists()  # unticked: no longer followed
    assert [t.slug for t in profile.interest_technologies.all()] == ["cell-therapy"]


def test_changing_the_rhythm_keeps_when_the_digest_started(client):
    user = member(topics=["regulation-and-policy"])
    started = timezone.now() - datetime.timedelta(days=10)
    Subscription.objects.filter(user=user).update(digest="daily", digest_since=started)
    client.force_login(user)
    client.post(SETTINGS_URL, {"topics": pks(Topic, "regulation-and-policy"), "digest": "weekly"})
    subscription = Subscription.objects.get(user=user)
    assert (subscription.digest, subscription.digest_since) == ("weekly", started)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("digest", "hourly", "Select a valid choice. hourly is not one of the available choices."),
        ("topics", "999999", "Select a valid choice. 999999 is not one of the available choices."),
        ("countries", "XX", "Select a valid choice. XX is not one of the available choices."),
        ("stages", "not-a-number", "“not-a-number” is not a valid value."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, field, value, message):
    user = member(topics=["regulation-and-policy"], countries=["FR"])
    client.force_login(user)
    data = {"topics": pks(Topic, "events"), "countries": ["DE"], "digest": "daily", field: value}
    response = client.post(SETTINGS_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html
    subscription = Subscription.objects.get(user=user)
    assert [t.slug for t in subscription.topics.all()] == ["regulation-and-policy"]
    assert subscription.digest == "none"
    assert [str(c) for c in MemberProfile.objects.get(user=user).interest_countries] == ["FR"]


def test_settings_refuse_a_post_without_csrf_token():
    user = member(topics=["regulation-and-policy"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(SETTINGS_URL, {"topics": pks(Topic, "events"), "digest": "daily"})
    assert response.status_code == 403
    assert Subscription.objects.get(user=user).digest == "none"


# The page -----------------------------------------------------------------------------


def test_a_member_with_no_interests_is_asked_to_choose_them(client, news_index):
    NewsPageFactory(parent=news_index, technologies=["cell-therapy"])
    client.force_login(VerifiedUserFactory())
    html = client.get(MONITORING_URL).content.decode()
    assert "You follow no field yet" in html
    assert f'href="{SETTINGS_URL}"' in html
    assert "news-card" not in html


def test_the_page_lists_the_matching_news_newest_first_with_reasons(client, news_index):
    user = member(technologies=["cell-therapy"], topics=["regulation-and-policy"], countries=["FR"])
    NewsPageFactory.days_ago(
        5, parent=news_index, title="Older cell news", technologies=["cell-therapy"]
    )
    NewsPageFactory.days_ago(
        1,
        parent=news_index,
        title="French rules",
        topics=["regulation-and-policy"],
        countries=["FR"],
    )
    NewsPageFactory.days_ago(
        0,
        parent=news_index,
        title="German rules",
        topics=["regulation-and-policy"],
        countries=["DE"],
    )
    NewsPageFactory.days_ago(0, parent=news_index, title="Unrelated", topics=["events"])
    client.force_login(user)
    response = client.get(MONITORING_URL)
    html = response.content.decode()
    titles = [item.article.title for item in response.context["items"]]
    assert titles == ["French rules", "Older cell news"]
    assert "Topic: Regulation and policy; Country: France" in html
    assert "Technology: Cell therapy" in html
    assert "German rules" not in html and "Unrelated" not in html
    assert "You follow 1 topic, 1 technology, in France." in html


def test_the_page_never_shows_unpublished_scheduled_or_private_news(client, news_index):
    user = member(technologies=["cell-therapy"])
    NewsPageFactory(parent=news_index, title="Live piece", technologies=["cell-therapy"])
    NewsPageFactory(
        parent=news_index, title="Draft piece", technologies=["cell-therapy"]
    ).unpublish()
    scheduled = NewsPageFactory(
        parent=news_index, title="Scheduled piece", live=False, technologies=["cell-therapy"]
    )
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    private = NewsPageFactory(
        parent=news_index, title="Private piece", technologies=["cell-therapy"]
    )
    private.view_restrictions.create(restriction_type="login")
    client.force_login(user)
    html = client.get(MONITORING_URL).content.decode()
    assert "Live piece" in html
    for title in ("Draft piece", "Scheduled piece", "Private piece"):
        assert title not in html


def test_the_page_is_paginated_by_twelve(client, news_index):
    user = member(technologies=["cell-therapy"])
    for days in range(PER_PAGE + 3):
        NewsPageFactory.days_ago(
            days, parent=news_index, title=f"Day {days} piece", technologies=["cell-therapy"]
        )
    client.force_login(user)
    first = client.get(MONITORING_URL)
    assert [i.article.title for i in first.context["items"]] == [
        f"Day {days} piece" for days in range(PER_PAGE)
    ]
    assert 'rel="next"' in first.content.decode()
    second = client.get(MONITORING_URL, {"page": 2})
    assert [i.article.title for i in second.context["items"]] == [
        f"Day {days} piece" for days in range(PER_PAGE, PER_PAGE + 3)
    ]
    assert "Page 2 of 2" in second.content.decode()
    assert client.get(MONITORING_URL, {"page": "nonsense"}).context["page_obj"].number == 1
    assert client.get(MONITORING_URL, {"page": 99}).context["page_obj"].number == 2


def test_news_naming_the_members_organisation_matches_with_its_name(client, news_index):
    organisation = OrganisationFactory(name="Cellforge")
    user = member(organisation=organisation)
    NewsPageFactory(parent=news_index, title="Cellforge expands", organisations=[organisation])
    client.force_login(user)
    html = client.get(MONITORING_URL).content.decode()
    assert "Cellforge expands" in html
    assert "Your organisation: Cellforge" in html


# The dashboard panel ------------------------------------------------------------------


def test_the_panel_shows_the_five_newest_with_reasons_and_links(client, news_index):
    user = member(stages=["production"])
    for days in range(PANEL_ARTICLES + 2):
        NewsPageFactory.days_ago(
            days, parent=news_index, title=f"Plant {days} news", stages=["production"]
        )
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    assert "My monitoring" in html
    shown = [days for days in range(PANEL_ARTICLES + 2) if f"Plant {days} news<" in html]
    assert shown == list(range(PANEL_ARTICLES))
    assert html.count("Stage: Production") == PANEL_ARTICLES
    assert f'href="{MONITORING_URL}"' in html
    assert f'href="{SETTINGS_URL}"' in html


def test_the_panel_asks_a_member_without_interests_to_choose(client, news_index):
    NewsPageFactory(parent=news_index, stages=["production"])
    client.force_login(VerifiedUserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert "Choose your fields of interest" in html
    assert "news-card" not in html


def test_the_panel_says_when_nothing_matches_yet(client, news_index):
    client.force_login(member(stages=["production"]))
    html = client.get(reverse("dashboard")).content.decode()
    assert "No article matches your fields yet." in html


# Query counts -------------------------------------------------------------------------

FEW = {"technologies": ["cell-therapy"]}
MANY = {
    "topics": ["funding-and-investment", "regulation-and-policy", "events", "partnerships"],
    "stages": ["production", "training", "post-market", "quality-control"],
    "technologies": ["cell-therapy", "gene-therapy", "monoclonal-antibodies"],
    "countries": ["FR", "DE", "PT", "DK", "SE"],
}


def build(news_index, size, interests):
    """`size` matching articles, half of them with an image, each naming an organisation
    and tagged with several terms, for a member with `interests`."""
    organisation = OrganisationFactory()
    user = member(organisation=organisation, **interests)
    image = Image.objects.create(title="Plant", file=get_test_image_file())
    for n in range(size):
        NewsPageFactory.days_ago(
            n,
            parent=news_index,
            technologies=["cell-therapy", "gene-therapy"],
            topics=["regulation-and-policy", "events"],
            stages=["production"],
            countries=["FR"] if n % 2 else [],
            organisations=[organisation, OrganisationFactory()],
            image=image if n % 2 == 0 else None,
        )
    return user


# Session, user, the six queries of the member's interests, the view restrictions, the
# count and the page of articles, its five prefetches (topics, stages, technologies,
# organisations named and their organisations), the image and its renditions; then the
# layout (user bar permissions, unread notices; the site and navigation are cached).
MONITORING_QUERIES = 2 + 6 + 1 + 2 + 5 + 2 + 3


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize("interests", [FEW, MANY], ids=["few", "many"])
def test_the_page_costs_the_same_queries_whatever_the_numbers(
    client, news_index, django_assert_num_queries, size, interests
):
    client.force_login(build(news_index, size, interests))
    client.get(MONITORING_URL)  # the site's settings rows and the rendition exist after
    with django_assert_num_queries(MONITORING_QUERIES):
        response = client.get(MONITORING_URL)
    assert len(response.context["items"]) == min(size, PER_PAGE)
    assert all(item.reasons for item in response.context["items"])


# The panel alone: the six queries of the member's interests, the view restrictions, the
# articles, their five prefetches, the image and its renditions.
PANEL_QUERIES = 6 + 1 + 1 + 5 + 2
# The whole dashboard: session and user, the account panel (email verified), the
# notifications panel, the layout (user bar permissions, unread notices; the site and
# navigation are cached), the organisation panel (memberships and claims), the working groups panel
# (view restrictions, the member's rows: none here), and this panel.
DASHBOARD_QUERIES = 2 + 1 + 1 + 3 + 2 + 2 + PANEL_QUERIES


def render_panel(user):
    request = RequestFactory().get("/dashboard/")
    request.user = user
    return Template("{% load news_monitoring %}{% monitoring_panel as panel %}").render(
        Context({"request": request})
    )


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize("interests", [FEW, MANY], ids=["few", "many"])
def test_the_panel_costs_the_same_queries_whatever_the_numbers(
    news_index, django_assert_num_queries, size, interests
):
    user = build(news_index, size, interests)
    with django_assert_num_queries(PANEL_QUERIES):
        render_panel(user)


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize("interests", [FEW, MANY], ids=["few", "many"])
def test_the_dashboard_with_the_panel_costs_the_same_queries_whatever_the_numbers(
    client, news_index, django_assert_num_queries, size, interests
):
    client.force_login(build(news_index, size, interests))
    client.get(reverse("dashboard"))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))
    assert response.content.decode().count("news-card__reasons") == min(size, PANEL_ARTICLES)


def test_the_panel_of_a_member_without_interests_stops_after_reading_them(
    django_assert_num_queries,
):
    with django_assert_num_queries(6):
        render_panel(VerifiedUserFactory())
