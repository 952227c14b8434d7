"""Site-wide search over the live, public Wagtail pages, with what each installed plugin
adds (`site_search` hooks, such as the actors' organisations)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from cobioe.plugins import site_search_sections

# Longer queries add nothing a person means, and cost the database real work.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    # Control characters mean nothing in a query, and PostgreSQL refuses NUL outright.
    # Double quotes too go: the SQLite backend wraps each term in quotes without escaping
    # them, so one stray quote breaks the query (wagtail/wagtail#13227).
    raw_query = "".join(
        ch for ch in request.GET.get("q", "") if ch != '"' and (ch.isprintable() or ch.isspace())
    )
    normalised = " ".join(raw_query.split())
    query = normalised[:MAX_QUERY_LENGTH]
    truncated = len(normalised) > MAX_QUERY_LENGTH

    if query:
        results = Page.objects.live().public().specific().search(query)
    else:
        results = Page.objects.none()

    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page,
            "query_truncated": truncated,
            # The plugins' sections lead the first page only, not every page of pages.
            "search_sections": (
                site_search_sections(query, request) if query and page.number == 1 else []
            ),
        },
    )
