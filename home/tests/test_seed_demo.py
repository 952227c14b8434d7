"""`manage.py seed_demo`: the demo site it builds, and that a second run changes nothing."""

import io
import os
from unittest import mock

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision, Site

from home import demo_content as demo
from home.models import HomePage, NavigationSettings, StandardPage

PILLARS = ["panorama", "connection-and-partnerships", "promotion", "ecosystem-transitions"]


def seed(**env):
    output = io.StringIO()
    with mock.patch.dict(os.environ, env):
        if not env:
            os.environ.pop(demo.ADMIN_PASSWORD_ENV, None)
        call_command("seed_demo", stdout=output)
    return output.getvalue()


def snapshot():
    """What a second run must leave exactly as it was."""
    user_model = get_user_model()
    navigation = NavigationSettings.objects.get()
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "slug", "path", "live", "latest_revision_id", "last_published_at"
            )
        ),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "users": list(user_model.objects.order_by("pk").values_list("pk", "password")),
        "email addresses": EmailAddress.objects.count(),
        "sites": list(Site.objects.values_list("pk", "root_page_id", "site_name")),
        "navigation": (
            list(navigation.main_menu.raw_data),
            list(navigation.footer_links.raw_data),
            navigation.footer_text,
            navigation.funding_notice,
        ),
    }


def h1_count(response):
    return response.content.decode().count("<h1")


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = seed()
        cls.home = HomePage.objects.get()

    def test_home_page_is_the_default_site_root(self):
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_page_id, self.home.pk)
        self.assertEqual(site.site_name, "COBIOE")
        self.assertEqual(self.home.get_parent(), Page.get_first_root_node())

    def test_wagtail_welcome_page_is_gone(self):
        self.assertFalse(Page.objects.filter(title="Welcome to your new Wagtail site!").exists())
        self.assertEqual(Page.get_first_root_node().get_children().get().specific, self.home)

    def test_pillars_about_and_privacy_are_published_under_home(self):
        children = StandardPage.objects.child_of(self.home)
        self.assertEqual(
            list(children.values_list("slug", flat=True)),
            [*PILLARS, "about", "privacy"],
        )
        for page in [self.home, *children]:
            with self.subTest(page=page.slug):
                self.assertTrue(page.live)
                self.assertEqual(page.revisions.count(), 1)
                self.assertEqual(page.live_revision, page.latest_revision)
                self.assertTrue(page.introduction)
                self.assertTrue(page.body)

    def test_home_page_cards_lead_to_the_pillars(self):
        cards = next(block for block in self.home.body if block.block_type == "cards")
        self.assertEqual([card["page"].slug for card in cards.value["cards"]], PILLARS)

    def test_about_page_shows_each_partner_with_a_logo(self):
        about = StandardPage.objects.get(slug="about")
        logos = next(block for block in about.body if block.block_type == "partner_logos")
        partners = logos.value["partners"]
        self.assertEqual(
            [partner["name"] for partner in partners],
            ["Genopole", "CEBR", "EIT Health", "Health Cluster Portugal", "ScanBalt"],
        )
        self.assertTrue(all(partner["logo"] for partner in partners))

    def test_images_with_text_describe_their_image(self):
        for page in StandardPage.objects.all():
            for block in page.body:
                if block.block_type == "image_with_text":
                    with self.subTest(page=page.slug):
                        self.assertTrue(block.value["image_alt"])

    def test_images_are_real_pictures(self):
        images = get_image_model().objects.all()
        self.assertEqual(images.count(), len(demo.IMAGES))
        for image in images:
            with self.subTest(image=image.title):
                self.assertGreater(image.width, 0)
                self.assertGreater(image.file_size, 0)

    def test_navigation_menu_and_footer_are_filled(self):
        navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
        self.assertEqual(
            [block.value["page"].slug for block in navigation.main_menu],
            [*PILLARS, "about"],
        )
        self.assertEqual(
            [block.value.href() for block in navigation.footer_links],
            ["/privacy/", "/about/", "https://www.cobioe.eu/"],
        )
        self.assertIn("COBIOE", navigation.footer_text)
        default_notice = NavigationSettings._meta.get_field("funding_notice").get_default()
        self.assertEqual(navigation.funding_notice, str(default_notice))

    def test_seeded_pages_render_with_one_h1(self):
        for page in Page.objects.live().filter(depth__gte=2).specific():
            with self.subTest(page=page.url):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(h1_count(response), 1)

    def test_main_menu_links_to_the_pillars_and_about(self):
        # The privacy page has no cards, so its links to the pillars come from the menu.
        response = self.client.get("/privacy/")
        for slug in [*PILLARS, "about"]:
            with self.subTest(slug=slug):
                self.assertContains(response, f'href="/{slug}/"')

    def test_footer_carries_the_funding_notice_and_links(self):
        response = self.client.get("/")
        notice = NavigationSettings._meta.get_field("funding_notice").get_default()
        self.assertContains(response, str(notice))
        self.assertContains(response, 'href="/privacy/"')
        self.assertContains(response, 'href="https://www.cobioe.eu/"')

    def test_call_to_action_leads_to_sign_up(self):
        self.assertContains(self.client.get("/"), 'href="/accounts/signup/"')

    def test_admin_is_a_superuser_with_a_verified_email(self):
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertEqual(admin.email, "admin@cobioe.example")
        self.assertTrue(admin.check_password("cobioe-demo-admin"))
        self.assertTrue(
            EmailAddress.objects.filter(
                user=admin, email="admin@cobioe.example", verified=True, primary=True
            ).exists()
        )

    def test_admin_logs_in_on_the_site_by_email(self):
        response = self.client.post(
            "/accounts/login/",
            {"login": "admin@cobioe.example", "password": "cobioe-demo-admin"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_summary_says_what_was_created_and_how_to_log_in(self):
        self.assertIn("created home, panorama", self.output)
        self.assertIn("Wagtail's welcome page: deleted", self.output)
        self.assertIn(
            "Admin: http://testserver/admin/ — email admin@cobioe.example, "
            "password cobioe-demo-admin",
            self.output,
        )

    def test_second_run_changes_nothing(self):
        self.maxDiff = None
        before = snapshot()
        output = seed()
        self.assertEqual(snapshot(), before)
        self.assertIn("Pages: found home, panorama", output)
        self.assertIn("Images: 0 created", output)
        self.assertIn("Navigation: already filled, left unchanged", output)
        # The password is still the demo default, so it is still worth printing.
        self.assertIn("password cobioe-demo-admin", output)

    def test_edited_pages_are_left_alone(self):
        panorama = StandardPage.objects.get(slug="panorama")
        panorama.title = "Our panorama"
        panorama.save_revision().publish()
        seed()
        panorama.refresh_from_db()
        self.assertEqual(panorama.title, "Our panorama")
        self.assertEqual(panorama.revisions.count(), 2)

    def test_deleted_page_is_recreated(self):
        StandardPage.objects.get(slug="privacy").delete()
        output = seed()
        self.assertTrue(StandardPage.objects.child_of(self.home).filter(slug="privacy").exists())
        self.assertIn("created privacy", output)

    def test_seeded_bodies_pass_the_blocks_own_validation(self):
        for page in [self.home, *StandardPage.objects.all()]:
            page.body.stream_block.clean(page.body)


class SeedDemoAdminTests(TestCase):
    def test_password_comes_from_the_environment(self):
        output = seed(**{demo.ADMIN_PASSWORD_ENV: "a-password-from-env"})
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.check_password("a-password-from-env"))
        self.assertIn("password a-password-from-env", output)

    def test_changed_password_is_kept_and_not_printed(self):
        seed()
        admin = get_user_model().objects.get(username="admin")
        admin.set_password("changed-by-the-admin")
        admin.save()
        output = seed()
        admin.refresh_from_db()
        self.assertTrue(admin.check_password("changed-by-the-admin"))
        self.assertNotIn("changed-by-the-admin", output)
        self.assertNotIn("cobioe-demo-admin", output)
        self.assertIn("password left unchanged", output)

    def test_no_demo_admin_when_a_superuser_exists(self):
        get_user_model().objects.create_superuser("editor", "editor@example.com", "secret-pass")
        output = seed()
        self.assertFalse(get_user_model().objects.filter(username="admin").exists())
        self.assertIn("log in as one of the existing superusers", output)
        self.assertTrue(HomePage.objects.get().live)

    def test_existing_site_pages_under_the_welcome_page_are_kept(self):
        welcome = Page.objects.get(title="Welcome to your new Wagtail site!")
        welcome.add_child(instance=Page(title="Someone's page", slug="someones-page"))
        output = seed()
        self.assertTrue(Page.objects.filter(slug="someones-page").exists())
        self.assertIn("Wagtail's welcome page: kept", output)
        self.assertEqual(Site.objects.get(is_default_site=True).root_page.specific_class, HomePage)


class SeedDemoOnAnEmptiedDatabaseTests(TestCase):
    def test_seed_rebuilds_wagtails_roots_after_the_database_was_emptied(self):
        # As a flush leaves it (a transactional test's teardown does one), without the
        # content types' new ids that a real flush would leave in the process's cache.
        Site.objects.all().delete()
        Page.objects.all().delete()
        Collection.objects.all().delete()
        Locale.objects.all().delete()
        self.assertFalse(Page.objects.exists())
        seed()
        self.assertTrue(Locale.objects.exists())
        self.assertIsNotNone(Collection.get_first_root_node())
        self.assertEqual(Site.objects.get(is_default_site=True).root_page.slug, "home")
        self.assertEqual(self.client.get("/panorama/").status_code, 200)
