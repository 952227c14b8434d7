"""Sanitising the HTML members type: the few tags a profile description may keep, and
links that can only be web or mail links. Plain-text fields are stored as typed and
escaped wherever they are shown."""

import nh3

# A description is a few paragraphs with emphasis, lists and links; nothing that can run
# or restyle the page survives.
DESCRIPTION_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"}
DESCRIPTION_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = {"http", "https", "mailto"}


def clean_html(value: str) -> str:
    """The HTML of a description with everything but the allowed tags and web links gone."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    ).strip()
