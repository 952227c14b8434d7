"""Post text to HTML: markdown2, then nh3 with a short allowlist.

markdown2's safe mode has a long record of bypasses, so it is only a first layer: whatever it
produces goes through nh3, which keeps the tags below, links to http, https and mailto only
(with rel="nofollow noopener"), and no images (a remote image tracks its readers). Headings
start at h3, under the page's h1 and sections. Templates clean the stored HTML once more
(`forum_clean`), so that HTML stored by an earlier renderer is never trusted.
"""

import markdown2
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_post_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def render_post(text: str) -> str:
    html = markdown2.markdown(text or "", safe_mode="escape", extras={"break-on-newline": True})
    return clean_post_html(html).strip()
