"""The directory's filters, read from a query string and applied to the published
organisations; one place for the list, the map data, the CSV, the API and the value-chain
page, so that they always agree.

Query string (the public URL contract): `q`, `stage`, `type`, `technology`, `country`,
each filter repeatable (values of one filter are alternatives; filters combine). A value
that names nothing is ignored and reported in `notes`, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
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
    # The number of results, known once `facets()` has counted them.
    total: int | None = None

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

    def apply(self, queryset: QuerySet | None = None, *, skip=()) -> QuerySet:
        """The published organisations matching every filter but those named in `skip`
        (a facet counts the values of its filter given the others)."""
        skip = {skip} if isinstance(skip, str) else set(skip)
        queryset = Organisation.objects.published() if queryset is None else queryset
        for term in self.q.lower().split():
            queryset = queryset.filter(search_text__contains=term)
        if self.stages and "stage" not in skip:
            queryset = queryset.filter(
                _tagged(
                    Organisation.stages.through,
                    "valuechainstage_id",
                    self._with_children(ValueChainStage, self.stages),
                )
            )
        if self.technologies and "technology" not in skip:
            queryset = queryset.filter(
                _tagged(
                    Organisation.technologies.through,
                    "technology_id",
                    self._with_children(Technology, self.technologies),
                )
            )
        if self.types and "type" not in skip:
            queryset = queryset.filter(actor_type__in=[t.pk for t in self.types])
        if self.countries and "country" not in skip:
            queryset = queryset.filter(country__in=self.countries)
        return queryset

    def organisations(self) -> QuerySet:
        return self.apply()

    # Facets -----------------------------------------------------------------------------

    def facets(self) -> dict[str, list[Choice]]:
        """For each filter, its values with how many organisations each would show given
        the other filters; also sets `total`, the number of results.

        Three aggregate queries whatever the table size, each a single pass over the
        matching organisations: on 50,000 of them, every pass costs tens of milliseconds,
        so type, country and the total share one, and each tree (stages, technologies)
        counts its terms and its families in one.
        """
        types, countries_, self.total = self._type_and_country_facets()
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
            "type": types,
            "country": countries_,
        }

    def _tree_facet(self, model, through, field_name, selected, skip) -> list[Choice]:
        terms = self._vocabulary(model)
        column = f"{field_name}_id"
        counts = {}
        for term in terms:
            if term.parent_id is None:
                # A family counts each organisation once, whichever of its terms it holds.
                ids = self._with_children(model, [term])
                counts[f"n{term.pk}"] = Count(
                    "organisation_id", distinct=True, filter=Q(**{f"{column}__in": ids})
                )
            else:
                counts[f"n{term.pk}"] = Count("organisation_id", filter=Q(**{column: term.pk}))
        base = self.apply(skip=skip).values("pk")
        counts = through.objects.filter(organisation_id__in=base).aggregate(**counts)

        selected_ids = {term.pk for term in selected}
        choices = {
            term.pk: Choice(term.slug, term.name, counts[f"n{term.pk}"], term.pk in selected_ids)
            for term in terms
        }
        roots = []
        for term in terms:
            if term.parent_id is None:
                roots.append(choices[term.pk])
            else:
                choices[term.parent_id].children.append(choices[term.pk])
        return roots

    def _type_and_country_facets(self) -> tuple[list[Choice], list[Choice], int]:
        """Each organisation has one type and one country: counting them together, given
        the other filters, gives both facets and the number of results in one query."""
        rows = (
            self.apply(skip=("type", "country"))
            .order_by()
            .values_list("actor_type", "country")
            .annotate(n=Count("pk"))
        )
        selected_types = {t.pk for t in self.types}
        by_type, by_country, total = {}, {}, 0
        for type_id, country, n in rows:
            type_chosen = not selected_types or type_id in selected_types
            country_chosen = not self.countries or country in self.countries
            if country_chosen:
                by_type[type_id] = by_type.get(type_id, 0) + n
            if type_chosen:
                by_country[country] = by_country.get(country, 0) + n
            if type_chosen and country_chosen:
                total += n

        type_choices = [
            Choice(t.slug, t.name, by_type.get(t.pk, 0), t.pk in selected_types)
            for t in self._vocabulary(ActorType)
        ]
        country_choices = [
            Choice(code, countries.name(code) or code, n, code in self.countries)
            for code, n in by_country.items()
            if n or code in self.countries
        ]
        # Keep a selected country visible even when nothing matches it any more.
        present = {choice.value for choice in country_choices}
        country_choices += [
            Choice(code, countries.name(code), 0, True)
            for code in self.countries
            if code not in present
        ]
        country_choices.sort(key=lambda choice: choice.label)
        return type_choices, country_choices, total

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
