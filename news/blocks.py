"""StreamField blocks an editor writes an article from."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import CallToActionBlock


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        required=False,
        help_text=_("What the image shows, for readers who cannot see it. Empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "news/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "blockquote"],
        template="home/blocks/rich_text.html",
    )
    figure = FigureBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
