"""Seed the demo site: home page, pillar pages, images, navigation and an admin account.

The content itself lives in `home.demo_content`. The command is idempotent: it finds
what exists by slug, title or username and leaves it alone, so a second run changes
nothing and only reports what it found.
"""

import io
import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from cobioe.plugins import demo_seeders
from home import demo_content as demo
from home.models import HomePage, NavigationSettings, StandardPage

WELCOME_TITLE = "Welcome to your new Wagtail site!"


class Command(BaseCommand):
    help = "Create the demo content of the site; safe to run again, it changes nothing then."

    def handle(self, *args, **options):
        seeder = DemoSeeder()
        with transaction.atomic():
            seeder.run()
        self.stdout.write(self.style.SUCCESS("COBIOE demo content:"))
        for line in seeder.report:
            self.stdout.write(f"  {line}")
        # Each installed plugin adds its own demo content (the core names none of them).
        for seed_plugin in demo_seeders():
            seed_plugin(self.stdout)
        self.stdout.write(seeder.admin_line)


class DemoSeeder:
    """Creates what is missing of `home.demo_content`, and says what it did."""

    def __init__(self):
        self.report = []
        self.admin_line = ""
        self.admin = None
        self.images = {}
        self.pages = {}

    def run(self):
        self.ensure_wagtail_roots()
        self.ensure_admin()
        self.ensure_images()
        home, new_pages = self.ensure_pages()
        site = self.ensure_default_site(home)
        self.delete_welcome_page()
        for page, spec in new_pages:
            page.body = self.resolve(spec.body)
            page.save_revision(user=self.admin).publish(user=self.admin)
        self.ensure_navigation(site)

    def resolve(self, value):
        """Replace the PageRefs and ImageRefs in a block value by the pages and images."""
        if isinstance(value, demo.PageRef):
            return self.pages[value.slug]
        if isinstance(value, demo.ImageRef):
            return self.images[value.key]
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.resolve(item) for item in value)
        return value

    # Pages and site ----------------------------------------------------------------------

    @staticmethod
    def ensure_wagtail_roots():
        """The default locale, root collection and root page that Wagtail's migrations make.

        A database emptied after migrating (`flush`, or a transactional test's teardown) has
        lost them, and nothing can be created without them.
        """
        # A flushed database recreates its content types under new ids, which the
        # process-wide cache of ContentType would otherwise still hand out.
        ContentType.objects.clear_cache()
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        if not Page.get_first_root_node():
            Page.add_root(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )

    def ensure_pages(self):
        """Find or create the home page and its children, as drafts without a body.

        The bodies link to each other, so they are filled and published once every page
        exists. Returns the home page and the (page, spec) pairs created on this run.
        """
        new_pages = []
        home = HomePage.objects.first()
        if home is None:
            home = self.page_from_spec(HomePage, demo.HOME)
            self.free_welcome_slug(demo.HOME.slug)
            Page.get_first_root_node().add_child(instance=home)
            new_pages.append((home, demo.HOME))
        self.pages[demo.HOME.slug] = home

        for spec in demo.PAGES:
            page = home.get_children().filter(slug=spec.slug).specific().first()
            if page is None:
                page = self.page_from_spec(StandardPage, spec)
                home.add_child(instance=page)
                new_pages.append((page, spec))
            self.pages[spec.slug] = page

        created = [spec.slug for _page, spec in new_pages]
        found = [slug for slug in self.pages if slug not in created]
        self.report.append(f"Pages: {self.listing(created, found)}")
        return home, new_pages

    @staticmethod
    def page_from_spec(model, spec):
        return model(
            title=spec.title,
            slug=spec.slug,
            introduction=spec.introduction,
            seo_title=spec.seo_title,
            search_description=spec.search_description,
            show_in_menus=spec.show_in_menus,
            live=False,
        )

    @staticmethod
    def welcome_page():
        return Page.objects.filter(
            depth=2,
            title=WELCOME_TITLE,
            content_type=ContentType.objects.get_for_model(Page),
        ).first()

    def free_welcome_slug(self, slug):
        # Wagtail's welcome page holds the slug "home" until it is deleted, once the
        # site no longer points at it.
        welcome = self.welcome_page()
        if welcome and welcome.slug == slug:
            Page.objects.filter(pk=welcome.pk).update(slug=f"{slug}-wagtail-welcome")

    def ensure_default_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=demo.SITE_NAME,
            )
            outcome = "created"
        elif site.root_page_id != home.pk or site.site_name != demo.SITE_NAME:
            site.root_page = home
            site.site_name = demo.SITE_NAME
            site.save()
            outcome = "now serves the home page"
        else:
            outcome = "found"
        self.report.append(f"Default site {site.hostname}:{site.port}: {outcome}")
        return site

    def delete_welcome_page(self):
        welcome = self.welcome_page()
        if welcome is None:
            return
        if welcome.get_children_count() or Site.objects.filter(root_page=welcome).exists():
            self.report.append("Wagtail's welcome page: kept, it has pages or a site under it")
            return
        welcome.delete()
        self.report.append("Wagtail's welcome page: deleted")

    def ensure_navigation(self, site):
        navigation = NavigationSettings.for_site(site)
        filled = []
        if not navigation.main_menu:
            navigation.main_menu = self.resolve(demo.MAIN_MENU)
            filled.append("main menu")
        if not navigation.footer_links:
            navigation.footer_links = self.resolve(demo.FOOTER_LINKS)
            filled.append("footer links")
        if not navigation.footer_text:
            navigation.footer_text = demo.FOOTER_TEXT
            filled.append("footer text")
        if filled:
            navigation.save()
            self.report.append(f"Navigation: filled {', '.join(filled)}")
        else:
            self.report.append("Navigation: already filled, left unchanged")

    # Images --------------------------------------------------------------------------------

    def ensure_images(self):
        """Find the demo images by title, or draw them."""
        image_model = get_image_model()
        created = []
        for key, spec in demo.IMAGES.items():
            image = image_model.objects.filter(title=spec.title).first()
            if image is None:
                buffer = io.BytesIO()
                draw_image(spec).save(buffer, format="PNG", optimize=True)
                image = image_model(
                    title=spec.title, file=ImageFile(buffer, name=f"{slugify(spec.title)}.png")
                )
                image._set_image_file_metadata()
                image.save()
                created.append(key)
            self.images[key] = image
        found = len(self.images) - len(created)
        self.report.append(f"Images: {len(created)} created, {found} found")

    # The admin account -------------------------------------------------------------------

    def ensure_admin(self):
        user_model = get_user_model()
        env_password = os.environ.get(demo.ADMIN_PASSWORD_ENV)
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")

        user = user_model.objects.filter(username=demo.ADMIN_USERNAME).first()
        if user is None and user_model.objects.filter(is_superuser=True).exists():
            self.report.append("Admin account: a superuser exists already, none created")
            self.admin_line = f"Admin: {admin_url} — log in as one of the existing superusers"
            return
        if user is None:
            password = env_password or demo.ADMIN_DEFAULT_PASSWORD
            user = user_model.objects.create_superuser(
                username=demo.ADMIN_USERNAME, email=demo.ADMIN_EMAIL, password=password
            )
            self.report.append(f"Admin account {user.username!r}: created")
        else:
            self.report.append(f"Admin account {user.username!r}: found")
            password = next(
                (
                    candidate
                    for candidate in (demo.ADMIN_DEFAULT_PASSWORD, env_password)
                    if candidate and check_password(candidate, user.password)
                ),
                None,
            )
        if user.email:
            # The site logs in by email, and only with a verified address.
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        self.admin = user
        shown = password if password else "left unchanged (not the demo default)"
        self.admin_line = f"Admin: {admin_url} — email {user.email}, password {shown}"

    @staticmethod
    def listing(created, found):
        parts = []
        if created:
            parts.append(f"created {', '.join(created)}")
        if found:
            parts.append(f"found {', '.join(found)}")
        return "; ".join(parts)


# Drawing the demo images ---------------------------------------------------------------------

BACKGROUND = "#f4f6f8"


def draw_image(spec):
    return draw_logo(spec) if spec.kind == "logo" else draw_band(spec)


def fitting_font(draw, text, max_width, size):
    """The default font at the largest size up to `size` that fits `text` in `max_width`."""
    font = ImageFont.load_default(size=size)
    while size > 10 and draw.textlength(text, font=font) > max_width:
        size -= 2
        font = ImageFont.load_default(size=size)
    return font


def draw_logo(spec):
    """A partner's tile: its name in white on its colour, over a short rule."""
    width, height = 480, 240
    image = PILImage.new("RGB", (width, height), spec.colour)
    draw = ImageDraw.Draw(image)
    font = fitting_font(draw, spec.label, width - 80, 64)
    draw.text((width / 2, height / 2 - 8), spec.label, font=font, fill="white", anchor="mm")
    draw.rectangle((width / 2 - 40, height - 64, width / 2 + 40, height - 60), fill="white")
    return image


def draw_band(spec):
    """Labelled segments in a row, shaped as chevrons so that they read as a sequence."""
    width, height = 1200, 480
    top, bottom, tip, gap = 140, 340, 28, 8
    image = PILImage.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    segment = (width - 80) / len(spec.segments)
    middle = (top + bottom) / 2
    # One size for every label, the largest at which the longest one fits.
    font = min(
        (fitting_font(draw, label, segment - 2 * tip - 16, 40) for label, _colour in spec.segments),
        key=lambda font: font.size,
    )
    for index, (label, colour) in enumerate(spec.segments):
        left = 40 + index * segment
        right = left + segment - gap
        notch = tip if index else 0
        draw.polygon(
            [
                (left, top),
                (right - tip, top),
                (right, middle),
                (right - tip, bottom),
                (left, bottom),
                (left + notch, middle),
            ],
            fill=colour,
        )
        centre = (left + notch + right - tip) / 2
        draw.text((centre, middle), label, font=font, fill="white", anchor="mm")
    return image
