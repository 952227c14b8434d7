"""The public fields of organisations, read in batches of plain rows, for the CSV export
and the JSON API: never the partner contact, the status or the reviewers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import QuerySet
from django.urls import reverse
from django_countries import countries
from wagtail.images import get_image_model

from actors.models import Organisation

# Columns read from the organisation table itself; everything else comes from the links.
FIELDS = (
    "pk",
    "name",
    "slug",
    "acronym",
    "actor_type__slug",
    "actor_type__name",
    "description",
    "website",
    "logo__file",
    "country",
    "city",
    "latitude",
    "longitude",
    "size_band",
    "year_founded",
    "capabilities",
    "services",
    "capacity",
    "equipment",
    "seeks",
    "is_verified",
    "verified_at",
    "last_confirmed_at",
    "source",
    "source_id",
)

# Rows per batch: each batch costs three queries for its stages, technologies and
# certifications, and keeps only this many rows in memory.
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Term:
    slug: str
    name: str


@dataclass
class Record:
    """One organisation's public fields, as plain values."""

    row: dict
    stages: list[Term] = field(default_factory=list)
    sub_stages: list[Term] = field(default_factory=list)
    technologies: list[Term] = field(default_factory=list)
    certifications: list[Term] = field(default_factory=list)

    def __getitem__(self, key):
        return self.row[key]

    @property
    def country_name(self) -> str:
        return str(countries.name(self.row["country"]) or self.row["country"])


class Records:
    """Turns a queryset of organisations into Records, a batch at a time. The caller
    decides which organisations: always through DirectoryQuery or `.published()`."""

    def __init__(self, queryset: QuerySet[Organisation], profile_url_prefix: str = ""):
        # Counted without the joins the rows need.
        self.organisations = queryset
        self.queryset = queryset.order_by("name", "pk").values(*FIELDS)
        self.profile_url_prefix = profile_url_prefix

    def profile_url(self, record: Record) -> str:
        return f"{self.profile_url_prefix}{record['slug']}/"

    def logo_url(self, record: Record) -> str | None:
        name = record["logo__file"]
        if not name:
            return None
        return get_image_model()._meta.get_field("file").storage.url(name)

    def stream(self, batch_size: int | None = None) -> Iterator[Record]:
        """Every organisation of the queryset, read through a cursor in batches."""
        batch_size = batch_size or BATCH_SIZE
        rows = self.queryset.iterator(chunk_size=batch_size)
        while batch := list(islice(rows, batch_size)):
            yield from self.complete(batch)

    def complete(self, rows: Iterable[dict]) -> list[Record]:
        """Records for these rows, with their linked terms: three queries."""
        records = {row["pk"]: Record(row) for row in rows}
        if not records:
            return []
        ids = list(records)
        stage_links = (
            Organisation.stages.through.objects.filter(organisation_id__in=ids)
            .order_by(
                "valuechainstage__parent__sort_order",
                "valuechainstage__sort_order",
                "valuechainstage__name",
            )
            .values_list(
                "organisation_id",
                "valuechainstage__slug",
                "valuechainstage__name",
                "valuechainstage__parent__slug",
                "valuechainstage__parent__name",
                "valuechainstage__parent__sort_order",
                "valuechainstage__sort_order",
            )
        )
        tops = defaultdict(dict)
        for org_id, slug, name, parent_slug, parent_name, parent_order, order in stage_links:
            if parent_slug:
                records[org_id].sub_stages.append(Term(slug, name))
                tops[org_id][parent_slug] = (parent_order, Term(parent_slug, parent_name))
            else:
                tops[org_id][slug] = (order, Term(slug, name))
        for org_id, stages in tops.items():
            records[org_id].stages = [term for _order, term in sorted(stages.values(), key=_first)]
        for attribute, through, column in (
            ("technologies", Organisation.technologies.through, "technology"),
            ("certifications", Organisation.certifications.through, "certification"),
        ):
            links = (
                through.objects.filter(organisation_id__in=ids)
                .order_by(f"{column}__sort_order", f"{column}__name")
                .values_list("organisation_id", f"{column}__slug", f"{column}__name")
            )
            for org_id, slug, name in links:
                getattr(records[org_id], attribute).append(Term(slug, name))
        return list(records.values())


def profile_url_prefix(request) -> str:
    """The absolute address of the profiles, to which a slug and a slash are added."""
    sample = reverse("actors:profile", kwargs={"slug": "slug"})
    return request.build_absolute_uri(sample.removesuffix("slug/"))


def _first(pair):
    return (pair[0] is None, pair[0] or 0, pair[1].name)
