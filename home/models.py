"""The pages of the public site and the navigation that staff edit."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from home.blocks import MenuBlock, PageBodyBlock


class HomePage(Page):
    """The site's root page: what the platform is, and the way into its pillars."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title and used as the page summary."),
    )
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = ["introduction", "body"]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def clean_subpage_models(cls):
        """The standard pages, plus the section pages of the installed plugins (the news
        index) that name the home page as their parent: the core names no plugin, and a
        plugin left out takes its page type with it."""
        if cls._clean_subpage_models is None:
            own = super().clean_subpage_models()
            sections = [
                model
                for model in get_page_models()
                if model not in own
                and getattr(model, "parent_page_types", None)
                and cls in model.clean_parent_page_models()
            ]
            cls._clean_subpage_models = [*own, *sections]
        return cls._clean_subpage_models


class StandardPage(Page):
    """A promotional or informative page composed from blocks (pillars, privacy, about)."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title and in cards and search."),
    )
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = ["introduction", "body"]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main menu and the footer, edited by staff under Settings."""

    main_menu = StreamField(
        MenuBlock(),
        blank=True,
        verbose_name=_("main menu"),
        help_text=_("Links shown in the header, in this order."),
    )
    footer_links = StreamField(
        MenuBlock(),
        blank=True,
        verbose_name=_("footer links"),
        help_text=_("Links shown in the footer: privacy, contact, the project's website."),
    )
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short line about the platform, shown in the footer."),
    )
    funding_notice = models.TextField(
        _("funding notice"),
        default=_(
            "Funded by the European Union. Views and opinions expressed are those of the "
            "author(s) only and do not necessarily reflect those of the European Union. "
            "Neither the European Union nor the granting authority can be held responsible "
            "for them."
        ),
        help_text=_("The EU funding notice shown beside the EU emblem in the footer."),
    )

    panels = [
        FieldPanel("main_menu"),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("footer_links"), FieldPanel("funding_notice")],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("navigation and footer")
