"""The public fields of organisations, read in batches of plain rows, for the CSV export
and the JSON API: never the partner contact, the status or the reviewers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django_countries import countries
from wagtail.images import get_image_model

from actors.models import ActorType, Certification, Organisation, Technology, ValueChainStage

# Columns read from the organisation table itself; everything else comes from the links.
FIELDS = (
    "pk",
    "name",
    "slug",
    "acronym",
    "actor_type_id",
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


@dataclass
class Record:
    """One organisation's public fields, as plain values, and its terms of each vocabulary."""

    row: dict
    actor_type: ActorType | None = None
    stages: list[ValueChainStage] = field(default_factory=list)
    sub_stages: list[ValueChainStage] = field(default_factory=list)
    technologies: list[Technology] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)

    def __getitem__(self, key):
        return self.row[key]

    @property
    def country_name(self) -> str:
        return _country_name(self.row["country"], get_language())


class Records:
    """Turns a queryset of organisations into Records, a batch at a time. The caller
    decides which organisations: always through DirectoryQuery or `.published()`.

    The vocabularies are read once (pass the DirectoryQuery's, which it has already read);
    a batch then costs three queries of bare (organisation, term) pairs."""

    def __init__(
        self,
        queryset: QuerySet[Organisation],
        profile_url_prefix: str = "",
        vocabularies: dict | None = None,
    ):
        # Counted without the joins the rows need.
        self.organisations = queryset
        self.queryset = queryset.order_by("name", "pk").values(*FIELDS)
        self.profile_url_prefix = profile_url_prefix
        self.vocabularies = dict(vocabularies or {})
        self._indexes = {}

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

    def terms(self, model) -> dict:
        """The vocabulary of `model` by primary key, each term with its `position` in the
        vocabulary's order."""
        if model not in self._indexes:
            if model not in self.vocabularies:
                self.vocabularies[model] = list(model.objects.all())
            index = {}
            for position, term in enumerate(self.vocabularies[model]):
                term.position = position
                index[term.pk] = term
            self._indexes[model] = index
        return self._indexes[model]

    def complete(self, rows: Iterable[dict]) -> list[Record]:
        """Records for these rows, with their terms: three queries, and one for each
        vocabulary not read yet."""
        records = {row["pk"]: Record(row) for row in rows}
        if not records:
            return []
        actor_types = self.terms(ActorType)
        for record in records.values():
            record.actor_type = actor_types.get(record["actor_type_id"])
        ids = list(records)

        stages = self.terms(ValueChainStage)
        tops = defaultdict(set)
        for org_id, stage_id in self._links(Organisation.stages.through, "valuechainstage", ids):
            stage = stages[stage_id]
            if stage.parent_id:
                records[org_id].sub_stages.append(stage)
                tops[org_id].add(stages[stage.parent_id])
            else:
                tops[org_id].add(stage)
        for org_id, covered in tops.items():
            records[org_id].stages = sorted(covered, key=_position)
        for record in records.values():
            record.sub_stages.sort(key=_position)

        for attribute, model, through, column in (
            ("technologies", Technology, Organisation.technologies.through, "technology"),
            ("certifications", Certification, Organisation.certifications.through, "certification"),
        ):
            terms = self.terms(model)
            for org_id, term_id in self._links(through, column, ids):
                getattr(records[org_id], attribute).append(terms[term_id])
            for record in records.values():
                getattr(record, attribute).sort(key=_position)
        return list(records.values())

    @staticmethod
    def _links(through, column: str, ids: list[int]):
        return through.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", f"{column}_id"
        )


def profile_url_prefix(request) -> str:
    """The absolute address of the profiles, to which a slug and a slash are added."""
    sample = reverse("actors:profile", kwargs={"slug": "slug"})
    return request.build_absolute_uri(sample.removesuffix("slug/"))


@lru_cache(maxsize=1024)
def _country_name(code: str, language: str | None) -> str:
    # Looked up once per country and language: a 50,000-row export names few countries.
    return str(countries.name(code) or code)


def _position(term) -> int:
    return term.position
