"""Factories for the home app's pages and StreamField blocks, for tests.

home = HomePageFactory(parent=Page.get_first_root_node())
StandardPageFactory(
    parent=home,
    body__0__hero__heading="Panorama",
    body__1__rich_text__value="<p>Hello</p>",
    body__2__call_to_action__action__url="https://www.cobioe.eu/",
)
"""

import factory
import wagtail_factories
from wagtail import blocks as wagtail_blocks
from wagtail.models import Collection
from wagtail.rich_text import RichText

from home import blocks, models


class ImageFactory(wagtail_factories.ImageFactory):
    # wagtail-factories would create a second root collection for each image.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image {n}")


class ImageChooserBlockFactory(wagtail_factories.ImageChooserBlockFactory):
    image = factory.SubFactory(ImageFactory)


class RichTextBlockFactory(wagtail_factories.blocks.BlockFactory):
    value = "<p>COBIOE connects the actors of health biomanufacturing.</p>"

    class Meta:
        model = wagtail_blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class LinkBlockFactory(wagtail_factories.StructBlockFactory):
    label = factory.Sequence(lambda n: f"Link {n}")
    page = None
    url = "https://www.cobioe.eu/"

    class Meta:
        model = blocks.LinkBlock


class HeroBlockFactory(wagtail_factories.StructBlockFactory):
    heading = factory.Sequence(lambda n: f"Hero heading {n}")
    text = "Place your organisation on the value chain."
    image = None
    actions = wagtail_factories.ListBlockFactory(LinkBlockFactory)

    class Meta:
        model = blocks.HeroBlock


class ImageWithTextBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(ImageChooserBlockFactory)
    image_alt = "A description of the image"
    heading = factory.Sequence(lambda n: f"Image with text {n}")
    text = factory.LazyFunction(lambda: RichText("<p>Text beside the image.</p>"))
    image_position = "left"

    class Meta:
        model = blocks.ImageWithTextBlock


class CallToActionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = factory.Sequence(lambda n: f"Call to action {n}")
    text = "Join the platform."
    action = factory.SubFactory(LinkBlockFactory, label="Sign up")

    class Meta:
        model = blocks.CallToActionBlock


class KeyFigureBlockFactory(wagtail_factories.StructBlockFactory):
    figure = "90%"
    label = "of European actors: the mapping target"

    class Meta:
        model = blocks.KeyFigureBlock


class KeyFiguresBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Key figures"
    figures = wagtail_factories.ListBlockFactory(KeyFigureBlockFactory)

    class Meta:
        model = blocks.KeyFiguresBlock


class PartnerLogoBlockFactory(wagtail_factories.StructBlockFactory):
    name = factory.Sequence(lambda n: f"Partner {n}")
    logo = None
    url = ""

    class Meta:
        model = blocks.PartnerLogoBlock


class PartnerLogosBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Partners"
    partners = wagtail_factories.ListBlockFactory(PartnerLogoBlockFactory)

    class Meta:
        model = blocks.PartnerLogosBlock


class CardBlockFactory(wagtail_factories.StructBlockFactory):
    page = None  # pass the page the card links to
    title = ""
    text = "What the page is about."
    image = None

    class Meta:
        model = blocks.CardBlock


class CardsBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Cards"
    cards = wagtail_factories.ListBlockFactory(CardBlockFactory)

    class Meta:
        model = blocks.CardsBlock


class PageBodyBlockFactory(wagtail_factories.StreamBlockFactory):
    hero = factory.SubFactory(HeroBlockFactory)
    rich_text = factory.SubFactory(RichTextBlockFactory)
    image_with_text = factory.SubFactory(ImageWithTextBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)
    key_figures = factory.SubFactory(KeyFiguresBlockFactory)
    partner_logos = factory.SubFactory(PartnerLogosBlockFactory)
    cards = factory.SubFactory(CardsBlockFactory)

    class Meta:
        model = blocks.PageBodyBlock


class MenuBlockFactory(wagtail_factories.StreamBlockFactory):
    link = factory.SubFactory(LinkBlockFactory)

    class Meta:
        model = blocks.MenuBlock


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Health biomanufacturing, connected across Europe"
    slug = "cobioe"  # Wagtail's welcome page holds "home" in a fresh database
    introduction = "COBIOE brings the actors of health biomanufacturing together."
    body = wagtail_factories.StreamFieldFactory(PageBodyBlockFactory)

    class Meta:
        model = models.HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "A page about one side of the project."
    body = wagtail_factories.StreamFieldFactory(PageBodyBlockFactory)

    class Meta:
        model = models.StandardPage
