"""The newsroom in the Wagtail admin: where articles go, an editor submitting one for
moderation, a moderator publishing it, the article's own rules, and the topics."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page, Site, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.factories import UserFactory
from home.factories import HomePageFactory
from home.models import HomePage
from news.factories import NewsIndexPageFactory, NewsPageFactory
from news.models import RESERVED_SLUGS, NewsIndexPage, NewsPage, Topic


def article_form(**overrides):
    data = {
        "title": "Cell therapy plant opens in Évry",
        "slug": "cell-therapy-plant-opens",
        "date": "2025-03-01",
        "summary": "A new plant for autologous cell therapies.",
        "body": streamfield(
            [("rich_text", rich_text('<p>Fine text.</p><script>alert("x")</script>'))]
        ),
        "source_name": "",
        "source_url": "",
        "countries": ["FR"],
        "concerned_organisations": inline_formset([]),
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["topics"] = [str(Topic.objects.get(slug="manufacturing-capacity").pk)]
    return form


class NewsroomAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": cls.home},
        )
        cls.index = NewsIndexPageFactory(parent=cls.home)
        cls.editor = UserFactory(username="editor", email="editor@cobioe.example")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.moderator = UserFactory(username="moderator", email="moderator@cobioe.example")
        cls.moderator.groups.add(Group.objects.get(name="Moderators"))

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=("news", "newspage", self.index.pk))

    def test_articles_go_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertFalse(NewsIndexPage.can_create_at(self.home), "one news index only")

    def test_editor_creates_an_article_and_submits_it_for_moderation(self):
        self.client.force_login(self.editor)
        response = self.client.post(self.add_url(), {**article_form(), "action-submit": "1"})
        assert response.status_code == 302, response.content.decode()[:2000]

        article = NewsPage.objects.get(slug="cell-therapy-plant-opens")
        assert not article.live, "an editor's article waits for a moderator"
        state = WorkflowState.objects.get(
            base_content_type__model="page", object_id=str(article.pk)
        )
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.workflow.name == "Moderators approval"
        assert self.client.get(article.url).status_code == 404

        # The moderator approves the task: the article goes live with its tags, and the
        # script the body's editor was given is gone.
        self.client.force_login(self.moderator)
        task_state = state.current_task_state
        approve = reverse(
            "wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)
        )
        response = self.client.post(approve, {"comment": ""})
        assert response.status_code in (200, 302)
        article.refresh_from_db()
        assert article.live
        assert list(article.topics.values_list("slug", flat=True)) == ["manufacturing-capacity"]
        html = self.client.get(article.url).content.decode()
        assert "Fine text." in html and "<script>alert" not in html

    def test_editor_cannot_publish_directly(self):
        self.client.force_login(self.editor)
        self.client.post(self.add_url(), {**article_form(), "action-publish": "1"})
        article = NewsPage.objects.get(slug="cell-therapy-plant-opens")
        assert not article.live

    def test_editor_can_preview_an_article(self):
        self.client.force_login(self.editor)
        preview = reverse(
            "wagtailadmin_pages:preview_on_add", args=("news", "newspage", self.index.pk)
        )
        response = self.client.post(preview, article_form())
        assert response.json()["is_valid"] is True
        html = self.client.get(preview).content.decode()
        assert "Cell therapy plant opens in Évry" in html

    def test_a_reserved_slug_is_refused_in_the_admin(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            self.add_url(), {**article_form(slug="feed"), "action-submit": "1"}
        )
        assert response.status_code == 200
        assert "is taken by the newsroom itself" in response.content.decode()
        assert not NewsPage.objects.filter(slug="feed").exists()

    def test_a_source_link_needs_a_source_name_in_the_admin(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            self.add_url(),
            {**article_form(source_url="https://example.org/story"), "action-submit": "1"},
        )
        assert response.status_code == 200
        assert "Name the source the link points to." in response.content.decode()
        assert not NewsPage.objects.exists()

    def test_article_rules_hold_in_full_clean(self):
        for slug in sorted(RESERVED_SLUGS):
            page = NewsPage(title="T", slug=slug, summary="S")
            with pytest.raises(ValidationError) as error:
                page.full_clean()
            assert "slug" in error.value.message_dict
        page = NewsPage(title="T", slug="fine", summary="S", source_url="https://example.org/")
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "source_name" in error.value.message_dict
        page = NewsPage(title="T", slug="fine", summary="S", source_url="javascript:alert(1)")
        page.source_name = "X"
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "source_url" in error.value.message_dict

    def test_pages_render(self):
        article = NewsPageFactory(parent=self.index)
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.index, query_data={"topic": "events", "page": "2"})
        self.assertPageIsRenderable(article)


@pytest.mark.django_db
def test_staff_manage_topics_in_the_admin(admin_client):
    index = reverse("news_topics:index")
    response = admin_client.get(index)
    assert response.status_code == 200
    assert "Funding and investment" in response.content.decode()
    response = admin_client.post(
        reverse("news_topics:add"),
        {"name": "Clinical trials", "slug": "clinical-trials", "description": "", "sort_order": 20},
    )
    assert response.status_code == 302
    assert Topic.objects.filter(slug="clinical-trials").exists()
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert index in menu


@pytest.mark.django_db
def test_editors_cannot_manage_topics(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(reverse("news_topics:index")).status_code in (302, 403)
