"""StreamField blocks shared by the promotional pages."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


def validate_link_target(value: str) -> None:
    """An absolute http(s) address, or a path on this site such as /accounts/signup/."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an external address."""

    label = blocks.CharBlock(label=_("Label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        max_length=500,
        validators=[validate_link_target],
        help_text=_("A full address (https://…) or a path on this site (/accounts/signup/)."),
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Choose either a page or an external address (one of the two).")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        template = "home/blocks/link.html"
        value_class = LinkValue


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Background image"), required=False)
    actions = blocks.ListBlock(LinkBlock(), label=_("Buttons"), min_num=0, max_num=2)

    class Meta:
        icon = "pick"
        template = "home/blocks/hero.html"


class ImageWithTextBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    image_alt = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("Describe the image for people who cannot see it; leave empty if decorative."),
    )
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])
    image_position = blocks.ChoiceBlock(
        label=_("Image position"),
        choices=[("left", _("Left")), ("right", _("Right"))],
        default="left",
    )

    class Meta:
        icon = "image"
        template = "home/blocks/image_with_text.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    action = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        template = "home/blocks/call_to_action.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=20, help_text=_("e.g. 90%, 24, 5"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1, max_num=6)

    class Meta:
        icon = "order"
        template = "home/blocks/key_figures.html"


class PartnerLogoBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Partner name"), max_length=120)
    logo = ImageChooserBlock(label=_("Logo"), required=False)
    url = blocks.URLBlock(label=_("Website"), required=False)


class PartnerLogosBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    partners = blocks.ListBlock(PartnerLogoBlock(), label=_("Partners"), min_num=1)

    class Meta:
        icon = "group"
        template = "home/blocks/partner_logos.html"


class CardBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, help_text=_("Leave empty to use the page's title.")
    )
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Image"), required=False)


class CardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"), min_num=1, max_num=12)

    def get_context(self, value, parent_context=None):
        """Pairs each card with its live, specific page, fetched together rather than one
        query a card; cards whose page is gone or unpublished are left out."""
        context = super().get_context(value, parent_context=parent_context)
        page_ids = [card["page"].pk for card in value["cards"] if card["page"]]
        targets = Page.objects.live().filter(pk__in=page_ids).specific().in_bulk()
        context["cards"] = [
            (card, targets[card["page"].pk])
            for card in value["cards"]
            if card["page"] and card["page"].pk in targets
        ]
        return context

    class Meta:
        icon = "table"
        template = "home/blocks/cards.html"


class PageBodyBlock(blocks.StreamBlock):
    """The blocks an editor composes a promotional page from."""

    hero = HeroBlock(label=_("Hero"))
    rich_text = blocks.RichTextBlock(
        label=_("Rich text"),
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "blockquote"],
        template="home/blocks/rich_text.html",
    )
    image_with_text = ImageWithTextBlock(label=_("Image with text"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    key_figures = KeyFiguresBlock(label=_("Key figures"))
    partner_logos = PartnerLogosBlock(label=_("Partner logos"))
    cards = CardsBlock(label=_("Cards linking to pages"))


class MenuBlock(blocks.StreamBlock):
    link = LinkBlock(label=_("Link"))
