"""Complementary actors: published organisations that work on the same technologies at the
stages of the value chain an organisation does not cover, so that it can find partners."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from actors.models import Organisation, Technology, ValueChainStage

LIMIT = 5

StageLink = Organisation.stages.through
TechnologyLink = Organisation.technologies.through


@dataclass
class Suggestion:
    """A complementary organisation, with what it shares and which missing stages it covers."""

    organisation: Organisation
    for_organisation: Organisation
    technologies: list[Technology]
    stages: list[ValueChainStage]

    @property
    def reason(self) -> str:
        return _("Works on %(technologies)s at %(stages)s, which %(name)s does not cover") % {
            "technologies": get_text_list([t.name for t in self.technologies], _("and")),
            "stages": get_text_list([s.name for s in self.stages], _("and")),
            "name": self.for_organisation.name,
        }


def _count(queryset, column):
    """A correlated subquery counting the distinct `column` of the rows of `queryset`."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("organisation_id")
            .annotate(n=Count(column, distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _with_top_stage(links):
    """Stage links annotated with the top-level stage they count for."""
    return links.annotate(top=Coalesce("valuechainstage__parent_id", "valuechainstage_id"))


def missing_stages(organisation: Organisation):
    """The top-level stages the organisation covers neither itself nor through a sub-stage."""
    covered = _with_top_stage(StageLink.objects.filter(organisation_id=organisation.pk)).values(
        "top"
    )
    return ValueChainStage.objects.top_level().exclude(pk__in=covered)


def candidates(organisation: Organisation):
    """The published organisations complementing this one, best first, annotated with
    `shared_technologies`, `missing_stages_covered` and `score`. One query."""
    its_technologies = TechnologyLink.objects.filter(organisation_id=organisation.pk).values(
        "technology_id"
    )
    missing = missing_stages(organisation).values("pk")
    shared = TechnologyLink.objects.filter(
        organisation_id=OuterRef("pk"), technology_id__in=its_technologies
    )
    covering = _with_top_stage(StageLink.objects.filter(organisation_id=OuterRef("pk"))).filter(
        top__in=missing
    )
    return (
        Organisation.objects.published()
        .exclude(pk=organisation.pk)
        # The Exists filters let PostgreSQL discard most of the map before counting.
        .filter(Exists(shared), Exists(covering))
        .annotate(
            shared_technologies=_count(shared, "technology_id"),
            missing_stages_covered=_count(covering, "top"),
        )
        .annotate(score=F("shared_technologies") * F("missing_stages_covered"))
        .order_by("-score", "-is_verified", "name", "pk")
    )


def complementary_actors(organisation: Organisation, limit: int = LIMIT) -> list[Suggestion]:
    """The best `limit` complementary organisations with the reason for each: three queries
    (the candidates, then their shared technologies and their missing stages), or one when
    there are none."""
    its_technologies = TechnologyLink.objects.filter(organisation_id=organisation.pk).values(
        "technology_id"
    )
    missing = missing_stages(organisation).values("pk")
    top = (
        candidates(organisation)
        .select_related("actor_type")
        .prefetch_related(
            Prefetch(
                "technologies",
                queryset=Technology.objects.filter(pk__in=its_technologies),
                to_attr="shared_technology_list",
            ),
            Prefetch(
                "stages",
                queryset=ValueChainStage.objects.select_related("parent")
                .annotate(
                    top=Coalesce("parent_id", "pk"),
                    top_order=Coalesce("parent__sort_order", "sort_order"),
                    top_name=Coalesce("parent__name", "name"),
                )
                .filter(top__in=missing)
                .order_by("top_order", "top_name"),
                to_attr="missing_stage_list",
            ),
        )[:limit]
    )
    suggestions = []
    for candidate in top:
        stages = {}
        for stage in candidate.missing_stage_list:
            # A sub-stage counts for its stage: name the stage, once.
            stages.setdefault(stage.top, stage.parent if stage.parent_id else stage)
        suggestions.append(
            Suggestion(
                organisation=candidate,
                for_organisation=organisation,
                technologies=candidate.shared_technology_list,
                stages=list(stages.values()),
            )
        )
    return suggestions
