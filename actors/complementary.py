"""Complementary actors: published organisations that work on the same technologies at the
stages of the value chain an organisation does not cover, so that it can find partners."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from actors.models import Organisation, Technology, ValueChainStage

LIMIT = 5

StageLink = Organisation.stages.through


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


def missing_stages(organisation: Organisation):
    """The top-level stages the organisation covers neither itself nor through a sub-stage."""
    covered = (
        StageLink.objects.filter(organisation_id=organisation.pk)
        .annotate(top=Coalesce("valuechainstage__parent_id", "valuechainstage_id"))
        .values("top")
    )
    return ValueChainStage.objects.top_level().exclude(pk__in=covered)


def candidates(organisation: Organisation, technology_ids, missing_stage_ids):
    """The published organisations working on one of `technology_ids` at one of the
    `missing_stage_ids` (or their sub-stages), best first, as rows of `pk`,
    `shared_technologies`, `missing_stages_covered` and `score`. The joins are filtered
    before they are counted, and grouped by the few columns the order needs."""
    return (
        Organisation.objects.published()
        .exclude(pk=organisation.pk)
        .filter(technologies__in=technology_ids)
        .filter(Q(stages__in=missing_stage_ids) | Q(stages__parent__in=missing_stage_ids))
        .values("pk", "is_verified", "name")
        .annotate(
            shared_technologies=Count("technologies", distinct=True),
            missing_stages_covered=Count(
                Coalesce("stages__parent_id", "stages__id"), distinct=True
            ),
        )
        .annotate(score=F("shared_technologies") * F("missing_stages_covered"))
        .order_by("-score", "-is_verified", "name", "pk")
    )


def complementary_actors(
    organisation: Organisation,
    limit: int = LIMIT,
    *,
    technology_ids: list[int] | None = None,
    missing_stage_ids: list[int] | None = None,
) -> list[Suggestion]:
    """The best `limit` complementary organisations with the reason for each. Four queries
    (the ranking, the organisations, their shared technologies and their missing stages),
    plus one for each of the organisation's technologies and missing stages not given."""
    if technology_ids is None:
        technology_ids = list(organisation.technologies.values_list("pk", flat=True))
    if missing_stage_ids is None:
        missing_stage_ids = list(missing_stages(organisation).values_list("pk", flat=True))
    if not technology_ids or not missing_stage_ids:
        return []
    ranking = list(candidates(organisation, technology_ids, missing_stage_ids)[:limit])
    if not ranking:
        return []
    found = (
        Organisation.objects.filter(pk__in=[row["pk"] for row in ranking])
        .select_related("actor_type")
        .prefetch_related(
            Prefetch(
                "technologies",
                queryset=Technology.objects.filter(pk__in=technology_ids),
                to_attr="shared_technology_list",
            ),
            Prefetch(
                "stages",
                queryset=ValueChainStage.objects.select_related("parent")
                .filter(Q(pk__in=missing_stage_ids) | Q(parent__in=missing_stage_ids))
                .annotate(
                    top_order=Coalesce("parent__sort_order", "sort_order"),
                    top_name=Coalesce("parent__name", "name"),
                )
                .order_by("top_order", "top_name", "sort_order", "name"),
                to_attr="missing_stage_list",
            ),
        )
        .in_bulk()
    )
    suggestions = []
    for row in ranking:
        candidate = found[row["pk"]]
        stages = {}
        for stage in candidate.missing_stage_list:
            # A sub-stage counts for its stage: name the stage, once.
            top_stage = stage.parent if stage.parent_id else stage
            stages.setdefault(top_stage.pk, top_stage)
        suggestions.append(
            Suggestion(
                organisation=candidate,
                for_organisation=organisation,
                technologies=candidate.shared_technology_list,
                stages=list(stages.values()),
            )
        )
    return suggestions
