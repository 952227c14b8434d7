"""Page types: where they may be created, how they render, what search indexes."""

from django.apps import apps
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cobioe.plugins import PluginConfig
from home.factories import HomePageFactory, ImageFactory, StandardPageFactory
from home.models import HomePage, StandardPage


def make_site_root(page):
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()


class PageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        make_site_root(cls.home)

    def test_home_page_goes_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_there_is_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_standard_pages_go_under_the_home_page_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        # Beside the standard pages, the home page takes only the section pages of installed
        # plugins (the news index) that name it as their parent.
        plugin_sections = set(HomePage.allowed_subpage_models()) - {StandardPage}
        for model in plugin_sections:
            self.assertIsInstance(apps.get_app_config(model._meta.app_label), PluginConfig)
            self.assertIn("home.HomePage", model.parent_page_types)
        self.assertAllowedSubpageTypes(HomePage, {StandardPage, *plugin_sections})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_editor_can_create_a_standard_page_with_blocks(self):
        self.login()
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Panorama of the sector",
                    "introduction": "Who makes Europe's biotherapies.",
                    "body": streamfield(
                        [
                            ("rich_text", rich_text("<p>The state of the art.</p>")),
                            (
                                "call_to_action",
                                {
                                    "heading": "Join",
                                    "text": "",
                                    "action": {
                                        "label": "Our website",
                                        "page": "",
                                        "url": "https://www.cobioe.eu/",
                                    },
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="panorama-of-the-sector")
        self.assertTrue(page.live)
        self.assertEqual([block.block_type for block in page.body], ["rich_text", "call_to_action"])

    def test_home_page_renders(self):
        self.assertPageIsRenderable(self.home)

    def test_page_types_index_their_title_introduction_and_body(self):
        for model in (HomePage, StandardPage):
            with self.subTest(model=model.__name__):
                indexed = {field.field_name for field in model.search_fields}
                self.assertLessEqual({"title", "introduction", "body"}, indexed)


class EveryBlockRendersTests(WagtailPageTestCase):
    """One page with each block of PageBodyBlock: each block's content reaches the HTML."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        make_site_root(cls.home)
        cls.target = StandardPageFactory(parent=cls.home, title="Connection and partnerships")
        cls.image = ImageFactory(title="Value chain")
        cls.page = StandardPageFactory(
            parent=cls.home,
            title="Every block",
            body__0__hero__heading="Hero heading on the page",
            body__0__hero__text="Hero text on the page",
            body__0__hero__actions__0__label="Hero button",
            body__0__hero__actions__0__url="https://www.cobioe.eu/hero",
            body__1__rich_text__value="<p>Rich text paragraph on the page</p>",
            body__2__image_with_text__image=cls.image,
            body__2__image_with_text__image_alt="Five stages of the value chain",
            body__2__image_with_text__heading="Image with text heading",
            body__3__call_to_action__heading="Call to action heading",
            body__3__call_to_action__action__label="Call to action button",
            body__3__call_to_action__action__page=cls.target,
            body__3__call_to_action__action__url="",
            body__4__key_figures__figures__0__figure="24 months",
            body__4__key_figures__figures__0__label="of project",
            body__5__partner_logos__partners__0__name="Genopole",
            body__5__partner_logos__partners__0__url="https://www.genopole.com/",
            body__6__cards__cards__0__page=cls.target,
            body__6__cards__cards__0__text="Card text on the page",
        )

    def test_every_block_type_is_in_the_body(self):
        self.assertEqual(
            {block.block_type for block in self.page.body},
            set(StandardPage.body.field.stream_block.child_blocks),
        )

    def test_every_block_renders(self):
        self.assertPageIsRenderable(self.page)
        response = self.client.get(self.page.url)
        for text in (
            "Hero heading on the page",
            "Hero text on the page",
            "Hero button",
            'href="https://www.cobioe.eu/hero"',
            "Rich text paragraph on the page",
            "Image with text heading",
            'alt="Five stages of the value chain"',
            "Call to action heading",
            "Call to action button",
            "24 months",
            "of project",
            "Genopole",
            "Card text on the page",
            f'href="{self.target.url}"',
        ):
            with self.subTest(text=text):
                self.assertContains(response, text)

    def test_page_has_one_main_heading(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.content.decode().count("<h1"), 1)
