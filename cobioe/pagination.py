"""Page numbers from the query string, read the same way by every paginated list."""

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _


def page_or_nearest(paginator: Paginator, raw) -> tuple[Page, str | None]:
    """The page asked for, and a note when it had to be another one. Anything that is not
    a page number gives the first page; a page past the end, the last one."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return paginator.page(1), None
    if number < 1:
        return paginator.page(1), None
    if number > paginator.num_pages:
        note = _("There is no page %(asked)s: here is the last page, page %(last)s.") % {
            "asked": number,
            "last": paginator.num_pages,
        }
        return paginator.page(paginator.num_pages), note
    return paginator.page(number), None
