"""How far the mapping has got: published actors per stage, per country and per month,
against the targets staff set. The admin's coverage dashboard and the public value-chain
page both read their figures here, always from published organisations only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django_countries import countries

from actors.directory import DirectoryQuery
from actors.models import CoverageTarget, Organisation, ValueChainStage

# A stage or sub-stage with this many actors or fewer is thin: worth a partner's attention.
FEW_ACTORS = 2
# How many isolated actors the value-chain page lists at most.
ISOLATED_LIMIT = 30
# Only these directory filters make sense for coverage figures.
COVERAGE_FILTERS = ("country", "technology")


def coverage_query(data: QueryDict) -> DirectoryQuery:
    """The directory's parsing of `country` and `technology`; other parameters are not
    filters here and are left out."""
    kept = QueryDict(mutable=True)
    for name in COVERAGE_FILTERS:
        kept.setlist(name, data.getlist(name))
    return DirectoryQuery.from_querydict(kept)


# Stages -------------------------------------------------------------------------------


@dataclass
class StageCount:
    """A stage or sub-stage with how many organisations stand there (a stage counts those
    at any of its sub-stages too, each once)."""

    stage: ValueChainStage
    count: int = 0
    children: list[StageCount] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.count == 0

    @property
    def is_thin(self) -> bool:
        return 0 < self.count <= FEW_ACTORS


def stage_counts(organisations: QuerySet) -> list[StageCount]:
    """The value chain in order, each stage with its sub-stages and their counts.
    Three queries."""
    links = Organisation.stages.through.objects.filter(
        organisation_id__in=organisations.values("pk")
    )
    own = dict(
        links.order_by()
        .values_list("valuechainstage_id")
        .annotate(n=Count("organisation_id", distinct=True))
    )
    with_children = dict(
        links.order_by()
        .annotate(top=Coalesce("valuechainstage__parent_id", "valuechainstage_id"))
        .values_list("top")
        .annotate(n=Count("organisation_id", distinct=True))
    )
    nodes = {}
    roots = []
    for stage in ValueChainStage.objects.all():
        nodes[stage.pk] = node = StageCount(stage)
        if stage.parent_id is None:
            node.count = with_children.get(stage.pk, 0)
            roots.append(node)
        else:
            node.count = own.get(stage.pk, 0)
    for node in nodes.values():
        parent_id = node.stage.parent_id
        if parent_id is not None and parent_id in nodes:
            nodes[parent_id].children.append(node)
    return roots


@dataclass
class IsolatedActor:
    """A published organisation that is the only one at a stage in its country."""

    organisation: Organisation
    stage: ValueChainStage
    country: str

    @property
    def country_name(self) -> str:
        return countries.name(self.country) or self.country


def isolated_actors(
    organisations: QuerySet, stages: list[StageCount], limit: int = ISOLATED_LIMIT
) -> list[IsolatedActor]:
    """Organisations alone at a stage (sub-stages included) in their country: where a
    partner is missing nearby. Two queries, whatever the table size."""
    alone = (
        Organisation.stages.through.objects.filter(organisation_id__in=organisations.values("pk"))
        .annotate(top=Coalesce("valuechainstage__parent_id", "valuechainstage_id"))
        .order_by()
        .values("top", "organisation__country")
        .annotate(n=Count("organisation_id", distinct=True), org=Min("organisation_id"))
        .filter(n=1)
        .order_by("top", "organisation__country")[:limit]
    )
    rows = list(alone.values_list("top", "organisation__country", "org"))
    # Fetched through the same subquery rather than the ids, so that an empty result costs
    # the same one query as a full one.
    found = {
        org.pk: org
        for org in Organisation.objects.filter(pk__in=alone.values("org")).only(
            "pk", "name", "slug", "country", "city"
        )
    }
    by_stage = {node.stage.pk: node.stage for node in stages}
    order = {node.stage.pk: position for position, node in enumerate(stages)}
    result = [
        IsolatedActor(found[org_id], by_stage[top], country)
        for top, country, org_id in rows
        if org_id in found and top in by_stage
    ]
    result.sort(key=lambda item: (order[item.stage.pk], item.country_name, item.organisation.name))
    return result


# Countries and growth -----------------------------------------------------------------


@dataclass
class CountryCoverage:
    code: str
    count: int
    target: int | None

    @property
    def name(self) -> str:
        return countries.name(self.code) or self.code

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.count / self.target)


@dataclass
class Month:
    month: datetime.date
    new: int
    cumulative: int


def monthly_growth(organisations: QuerySet) -> list[Month]:
    """New published organisations per month of creation, and the running total, with
    the empty months in between. One query."""
    per_month = dict(
        organisations.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    if not per_month:
        return []
    starts = {_as_date(month): n for month, n in per_month.items()}
    month, last = min(starts), max(starts)
    result, total = [], 0
    while month <= last:
        total += starts.get(month, 0)
        result.append(Month(month, starts.get(month, 0), total))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# The dashboard ------------------------------------------------------------------------


@dataclass
class Headline:
    """The dashboard's main figure and the target it is measured against: the European
    target when no country is selected, else the selected countries' own targets (their
    sum), and no target at all if one of them has none."""

    total: int
    target: int | None
    # The selected countries' codes; empty for all of Europe.
    countries: list[str] = field(default_factory=list)
    # Those of them without a target of their own.
    missing: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.total / self.target)

    @property
    def country_names(self) -> str:
        return _names(self.countries)

    @property
    def missing_names(self) -> str:
        return _names(self.missing)


def _names(codes: list[str]) -> str:
    return get_text_list([countries.name(code) or code for code in codes], _("and"))


@dataclass
class Coverage:
    """Every figure of the coverage dashboard, for the filters of `query`."""

    query: DirectoryQuery
    total: int
    europe_target: int | None
    countries: list[CountryCoverage]
    stages: list[StageCount]
    growth: list[Month]
    headline: Headline

    @property
    def europe_percent(self) -> int | None:
        if not self.europe_target:
            return None
        return round(100 * self.total / self.europe_target)

    @classmethod
    def compute(cls, query: DirectoryQuery) -> Coverage:
        """Six queries, whatever the number of organisations (plus the filter parsing's
        own, done before)."""
        organisations = query.apply(Organisation.objects.published())
        per_country = dict(organisations.order_by().values_list("country").annotate(n=Count("pk")))
        targets = dict(CoverageTarget.objects.values_list("country", "target"))
        europe_target = targets.pop("", None)
        codes = set(per_country)
        if query.countries:
            codes |= {code for code in targets if code in query.countries}
        else:
            codes |= set(targets)
        rows = [
            CountryCoverage(code, per_country.get(code, 0), targets.get(code)) for code in codes
        ]
        rows.sort(key=lambda row: (-row.count, row.name))
        total = sum(per_country.values())
        if query.countries:
            # A target of 0 (refused by the form, possible in old data) counts as none.
            missing = [code for code in query.countries if not targets.get(code)]
            target = None if missing else sum(targets[code] for code in query.countries)
            headline = Headline(total, target, list(query.countries), missing)
        else:
            headline = Headline(total, europe_target or None)
        return cls(
            query=query,
            total=total,
            europe_target=europe_target,
            countries=rows,
            stages=stage_counts(organisations),
            growth=monthly_growth(organisations),
            headline=headline,
        )


# Charts -------------------------------------------------------------------------------


@dataclass
class Bar:
    """A bar with its geometry in the chart's SVG units."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    note: str = ""

    @property
    def label_x(self) -> float:
        return self.x - 8

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 5


@dataclass
class Chart:
    """A bar chart drawn as server-side SVG (no script, no external library); the page
    gives the same figures as a table for screen readers and copying."""

    bars: list[Bar]
    width: float
    height: float
    # Horizontal charts: where labels end and bars start.
    label_width: float = 0

    ROW = 28
    LABEL_WIDTH = 230
    BAR_AREA = 330
    COLUMN = 24
    COLUMN_AREA = 160

    @classmethod
    def horizontal(cls, items: list[tuple[str, int, str]]) -> Chart:
        largest = max((value for _label, value, _note in items), default=0) or 1
        bars = [
            Bar(
                label=label,
                value=value,
                x=cls.LABEL_WIDTH,
                y=index * cls.ROW + 4,
                width=round(cls.BAR_AREA * value / largest, 1),
                height=cls.ROW - 8,
                note=note,
            )
            for index, (label, value, note) in enumerate(items)
        ]
        return cls(
            bars,
            width=cls.LABEL_WIDTH + cls.BAR_AREA + 80,
            height=max(len(bars), 1) * cls.ROW,
            label_width=cls.LABEL_WIDTH,
        )

    @classmethod
    def columns(cls, items: list[tuple[str, int]]) -> Chart:
        largest = max((value for _label, value in items), default=0) or 1
        bars = []
        for index, (label, value) in enumerate(items):
            height = round(cls.COLUMN_AREA * value / largest, 1)
            bars.append(
                Bar(
                    label=label,
                    value=value,
                    x=index * cls.COLUMN + 3,
                    y=cls.COLUMN_AREA - height,
                    width=cls.COLUMN - 6,
                    height=height,
                )
            )
        return cls(bars, width=max(len(bars), 1) * cls.COLUMN, height=cls.COLUMN_AREA)
