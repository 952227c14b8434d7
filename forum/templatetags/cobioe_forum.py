from django import template
from django.utils.safestring import mark_safe

from forum.rendering import clean_post_html

register = template.Library()


@register.filter
def forum_clean(html):
    """Stored post HTML, cleaned again on its way out."""
    return mark_safe(clean_post_html(str(html or "")))  # noqa: S308  (nh3 just cleaned it)
