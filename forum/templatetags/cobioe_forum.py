from django import template
from django.utils.safestring import mark_safe

from forum.forum_conversation.forum_attachments.views import display_name
from forum.rendering import clean_post_html, render_post

register = template.Library()


@register.filter
def forum_clean(html):
    """Stored post HTML, cleaned again on its way out."""
    return mark_safe(clean_post_html(str(html or "")))  # noqa: S308  (nh3 just cleaned it)


@register.filter
def forum_render(text):
    """Post text as it will be shown once published (the preview)."""
    return mark_safe(render_post(str(text or "")))  # noqa: S308  (markdown2, then nh3)


@register.filter
def forum_attachment_name(stored_name):
    """The name a member gave an attachment, without the random prefix it is stored under."""
    return display_name(str(stored_name or ""))
