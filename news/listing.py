"""The news index's filters, read from a query string and applied to the visible articles.

Query string: `topic`, `stage`, `technology` (slugs) and `country` (a two-letter code), one
value each; `page` for the page number. A stage or a technology family also covers the
terms under it. A value that names nothing is ignored and reported in `notes`, never an
error, so that an old or mistyped link still shows the news.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from actors.models import Technology, ValueChainStage
from cobioe.pagination import page_or_nearest
from news.models import NewsPage, Topic

FILTERS = ("topic", "stage", "technology", "country")
PER_PAGE = 12


@dataclass
class NewsQuery:
    """The filters a reader chose. Build it with `from_querydict(request.GET)`."""

    topic: Topic | None = None
    stage: ValueChainStage | None = None
    technology: Technology | None = None
    country: str = ""
    notes: list[str] = field(default_factory=list)
    # Each vocabulary is small and read once per request: parsing and the form share it.
    topics: list[Topic] = field(default_factory=list, repr=False)
    stages: list[ValueChainStage] = field(default_factory=list, repr=False)
    technologies: list[Technology] = field(default_factory=list, repr=False)

    @classmethod
    def from_querydict(cls, data) -> NewsQuery:
        query = cls(
            topics=list(Topic.objects.all()),
            stages=list(ValueChainStage.objects.all()),
            technologies=list(Technology.objects.all()),
        )
        query.topic = query._term(query.topics, data.get("topic", ""), _("topic"))
        query.stage = query._term(query.stages, data.get("stage", ""), _("stage"))
        query.technology = query._term(
            query.technologies, data.get("technology", ""), _("technology")
        )
        code = data.get("country", "").strip()
        if code and code.upper() in countries:
            query.country = code.upper()
        elif code:
            query.notes.append(_("Unknown country “%(value)s” ignored.") % {"value": code[:50]})
        return query

    def _term(self, terms, value: str, what: str):
        value = value.strip()
        if not value:
            return None
        for term in terms:
            if term.slug == value:
                return term
        self.notes.append(
            _("Unknown %(what)s “%(value)s” ignored.") % {"what": what, "value": value[:50]}
        )
        return None

    @property
    def is_filtered(self) -> bool:
        return bool(self.topic or self.stage or self.technology or self.country)

    # Applying the filters ---------------------------------------------------------------

    def apply(self, queryset: QuerySet) -> QuerySet:
        """`queryset` (NewsPage) narrowed to the chosen filters."""
        if self.topic:
            queryset = queryset.filter(
                _tagged(NewsPage.topics.through, "topic_id", [self.topic.pk])
            )
        if self.stage:
            queryset = queryset.filter(
                _tagged(
                    NewsPage.stages.through,
                    "valuechainstage_id",
                    with_children(self.stage, self.stages),
                )
            )
        if self.technology:
            queryset = queryset.filter(
                _tagged(
                    NewsPage.technologies.through,
                    "technology_id",
                    with_children(self.technology, self.technologies),
                )
            )
        if self.country:
            # CountryField(multiple=True) stores "DE,FR": two-letter codes between commas,
            # so a code cannot match across a boundary.
            queryset = queryset.filter(countries__contains=self.country)
        return queryset

    # Words and links --------------------------------------------------------------------

    def summary(self) -> str:
        """The chosen filters in words ("Cell therapy, France"), for titles and headings."""
        parts = [term.name for term in (self.topic, self.stage, self.technology) if term]
        if self.country:
            parts.append(countries.name(self.country))
        return ", ".join(str(part) for part in parts)

    def as_params(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, for links that keep them (the pages)."""
        params = []
        for name, term in (
            ("topic", self.topic),
            ("stage", self.stage),
            ("technology", self.technology),
        ):
            if term:
                params.append((name, term.slug))
        if self.country:
            params.append(("country", self.country))
        return params


def with_children(term, vocabulary) -> list[int]:
    """The ids of `term` and of the terms under it (a stage and its sub-stages)."""
    return sorted({term.pk, *(other.pk for other in vocabulary if other.parent_id == term.pk)})


def _tagged(through, column: str, ids: list[int]):
    return Exists(through.objects.filter(newspage_id=OuterRef("pk"), **{f"{column}__in": ids}))


def grouped(terms) -> list[tuple[object, list]]:
    """A two-level vocabulary as (family, [terms under it]) pairs, for <optgroup>s."""
    children: dict[int, list] = {}
    for term in terms:
        if term.parent_id is not None:
            children.setdefault(term.parent_id, []).append(term)
    return [(term, children.get(term.pk, [])) for term in terms if term.parent_id is None]


def page_of(queryset: QuerySet, raw) -> tuple[Page, str | None]:
    """The page of articles asked for, read as the directory reads it."""
    return page_or_nearest(Paginator(queryset, PER_PAGE), raw)
