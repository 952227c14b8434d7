"""The directory's filters, read from a query string and applied to the published
organisations; one place for the list, the map data, the CSV, the API and the value-chain
page, so that they always agree.

Query string (the public URL contract): `q`, `stage`, `type`, `technology`, `country`,
each filter repeatable (values of one filter are alternatives; filters combine). A value
that names nothing is ignored and reported in `notes`, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_countries import countries

from actors.models import ActorType, Organisation, Technology, ValueChainStage

# Longer queries add nothing a person means, and cost the database real work.
MAX_QUERY_LENGTH = 200
# Filter values beyond this many per filter are ignored: no one picks 50 countries.
MAX_VALUES = 20

FILTERS = ("stage", "type", "technology", "country")


def normalise_query(raw: str) -> str:
    """The text query without control characters, runs of spaces or excess length."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class Choice:
    """A value of a filter, with the number of organisations it would show."""

    value: str
    label: str
    count: int = 0
    selected: bool = False
    children: list[Choice] = field(default_factory=list)


@dataclass
class DirectoryQuery:
    """The filters a visitor chose. Build it with `from_querydict(request.GET)`."""

    q: str = ""
    stages: list[ValueChainStage] = field(default_factory=list)
    types: list[ActorType] = field(default_factory=list)
    technologies: list[Technology] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Each vocabulary is small and read once per request, by parsing; facets reuse it.
    vocabularies: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_querydict(cls, data) -> DirectoryQuery:
        query = cls(q=normalise_query(data.get("q", "")))
        query.stages = query._terms(ValueChainStage, data.getlist("stage"), _("stage"))
        query.types = query._terms(ActorType, data.getlist("type"), _("actor type"))
        query.technologies = query._terms(Technology, data.getlist("technology"), _("technology"))
        for code in _distinct(data.getlist("country")):
            if code.upper() in countries:
                query.countries.append(code.upper())
            else:
                query.notes.append(_("Unknown country “%(value)s” ignored.") % {"value": code})
        return query

    def _terms(self, model, values, what) -> list:
        values = _distinct(values)
        terms = self.vocabularies[model] = list(model.objects.all())
        found = {term.slug: term for term in terms}
        for value in values:
            if value not in found:
                self.notes.append(
                    _("Unknown %(what)s “%(value)s” ignored.") % {"what": what, "value": value}
                )
        return [found[value] for value in values if value in found]

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.stages or self.types or self.technologies or self.countries)

    # Applying the filters ---------------------------------------------------------------

    def apply(self, queryset: QuerySet | None = None, *, skip: str | None = None) -> QuerySet:
        """The published organisations matching every filter (but `skip`, for its facet)."""
        queryset = Organisation.objects.published() if queryset is None else queryset
        for term in self.q.lower().split():
            queryset = queryset.filter(search_text__contains=term)
        if self.stages and skip != "stage":
            queryset = queryset.filter(
                _tagged(
                    Organisation.stages.through,
                    "valuechainstage_id",
                    self._with_children(ValueChainStage, self.stages),
                )
            )
        if self.technologies and skip != "technology":
            queryset = queryset.filter(
                _tagged(
                    Organisation.technologies.through,
                    "technology_id",
                    self._with_children(Technology, self.technologies),
                )
            )
        if self.types and skip != "type":
            queryset = queryset.filter(actor_type__in=[t.pk for t in self.types])
        if self.countries and skip != "country":
            queryset = queryset.filter(country__in=self.countries)
        return queryset

    def organisations(self) -> QuerySet:
        return self.apply()

    # Facets -----------------------------------------------------------------------------

    def facets(self) -> dict[str, list[Choice]]:
        """For each filter, its values with how many organisations each would show given
        the other filters. A fixed number of queries, whatever the table size."""
        return {
            "stage": self._tree_facet(
                ValueChainStage,
                Organisation.stages.through,
                "valuechainstage",
                self.stages,
                "stage",
            ),
            "technology": self._tree_facet(
                Technology,
                Organisation.technologies.through,
                "technology",
                self.technologies,
                "technology",
            ),
            "type": self._type_facet(),
            "country": self._country_facet(),
        }

    def _tree_facet(self, model, through, field_name, selected, skip) -> list[Choice]:
        base = self.apply(skip=skip).values("pk")
        links = through.objects.filter(organisation_id__in=base)
        leaf_counts = dict(
            links.values_list(f"{field_name}_id").annotate(n=Count("organisation_id"))
        )
        top_counts = dict(
            links.annotate(top=Coalesce(f"{field_name}__parent_id", f"{field_name}_id"))
            .values_list("top")
            .annotate(n=Count("organisation_id", distinct=True))
        )
        selected_ids = {term.pk for term in selected}
        terms = self._vocabulary(model)
        choices = {
            term.pk: Choice(term.slug, term.name, 0, term.pk in selected_ids) for term in terms
        }
        roots = []
        for term in terms:
            choice = choices[term.pk]
            if term.parent_id is None:
                choice.count = top_counts.get(term.pk, 0)
                roots.append(choice)
            else:
                choice.count = leaf_counts.get(term.pk, 0)
                choices[term.parent_id].children.append(choice)
        return roots

    def _type_facet(self) -> list[Choice]:
        counts = dict(
            self.apply(skip="type").order_by().values_list("actor_type").annotate(n=Count("pk"))
        )
        selected = {t.pk for t in self.types}
        return [
            Choice(t.slug, t.name, counts.get(t.pk, 0), t.pk in selected)
            for t in self._vocabulary(ActorType)
        ]

    def _country_facet(self) -> list[Choice]:
        counts = (
            self.apply(skip="country").order_by().values_list("country").annotate(n=Count("pk"))
        )
        choices = [
            Choice(code, countries.name(code) or code, n, code in self.countries)
            for code, n in counts
        ]
        # Keep a selected country visible even when nothing matches it any more.
        present = {choice.value for choice in choices}
        choices += [
            Choice(code, countries.name(code), 0, True)
            for code in self.countries
            if code not in present
        ]
        return sorted(choices, key=lambda choice: choice.label)

    def _vocabulary(self, model) -> list:
        if model not in self.vocabularies:
            self.vocabularies[model] = list(model.objects.all())
        return self.vocabularies[model]

    def _with_children(self, model, terms) -> list[int]:
        """The ids of the terms and of the terms under them (a stage and its sub-stages)."""
        ids = {term.pk for term in terms}
        ids |= {term.pk for term in self._vocabulary(model) if term.parent_id in ids}
        return sorted(ids)

    def summary(self) -> str:
        """The chosen filters in words ("“cell”, Production, France"), for page titles."""
        parts = [f"“{self.q}”"] if self.q else []
        parts += [term.name for term in (*self.stages, *self.types, *self.technologies)]
        parts += [countries.name(code) for code in self.countries]
        return ", ".join(str(part) for part in parts)

    # Links ------------------------------------------------------------------------------

    def as_params(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, for links that keep them (pages, map, CSV)."""
        params = [("q", self.q)] if self.q else []
        params += [("stage", s.slug) for s in self.stages]
        params += [("type", t.slug) for t in self.types]
        params += [("technology", t.slug) for t in self.technologies]
        params += [("country", c) for c in self.countries]
        return params


def _distinct(values) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen[:MAX_VALUES]


def _tagged(through, column: str, ids: list[int]):
    return Exists(through.objects.filter(organisation_id=OuterRef("pk"), **{f"{column}__in": ids}))
