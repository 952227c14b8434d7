"""Which articles match a member's fields of interest, and why.

The rule, in one place for the monitoring page, the digests and the notifications:

- the *subjects* a member follows are topics, value-chain stages and technologies (a stage
  or a technology family also covers the terms under it), plus their own organisation;
- an article matches when it shares at least one subject with the member;
- countries narrow: a member who chose countries gets the articles about one of them, or
  about no country in particular (European news). A member who chose only countries gets
  the articles about those countries;
- a member who chose nothing gets nothing.

`Interests.q()` applies the rule in SQL (the paginated monitoring page); `reasons()` applies
it to an article already in memory (digests and notifications, which match thousands of
members against a day's articles). The tests hold the two to the same answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models import MemberProfile, Technology, ValueChainStage, widen
from news.models import NewsPage, NewsPageOrganisation, Subscription


@dataclass(frozen=True)
class Reason:
    """One field an article shares with a member: `kind` is topic, stage, technology,
    country or organisation; `label` is the term's name."""

    kind: str
    label: str

    KIND_LABELS = {
        "topic": _("Topic"),
        "stage": _("Stage"),
        "technology": _("Technology"),
        "country": _("Country"),
        "organisation": _("Your organisation"),
    }

    def __str__(self):
        return f"{self.KIND_LABELS[self.kind]}: {self.label}"


@dataclass
class Interests:
    """A member's fields of interest, with stages and technologies widened to the terms
    under them."""

    topic_ids: frozenset[int] = frozenset()
    stage_ids: frozenset[int] = frozenset()
    technology_ids: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()
    organisation_id: int | None = None
    # What the member ticked, before widening: for the settings form and the page's summary.
    chosen: dict = field(default_factory=dict)

    @property
    def has_subjects(self) -> bool:
        return bool(self.topic_ids or self.stage_ids or self.technology_ids or self.organisation_id)

    def is_empty(self) -> bool:
        return not (self.has_subjects or self.countries)

    # Loading ----------------------------------------------------------------------------

    @classmethod
    def for_user(cls, user) -> Interests:
        """The interests of one member, in six queries."""
        return cls.for_users([user])[user.pk]

    @classmethod
    def for_users(cls, users: Iterable) -> dict[int, Interests]:
        """The interests of many members, in six queries whatever their number."""
        user_ids = [user.pk for user in users]
        profiles = {
            profile.user_id: profile
            for profile in MemberProfile.objects.filter(user_id__in=user_ids).prefetch_related(
                "interest_stages", "interest_technologies"
            )
        }  # 3 queries
        topics = defaultdict(set)
        for user_id, topic_id in Subscription.topics.through.objects.filter(
            subscription__user_id__in=user_ids
        ).values_list("subscription__user_id", "topic_id"):
            topics[user_id].add(topic_id)  # 1 query
        stage_children = ValueChainStage.objects.children_by_parent()
        technology_children = Technology.objects.children_by_parent()

        interests = {}
        for user_id in user_ids:
            profile = profiles.get(user_id)
            stages = {s.pk for s in profile.interest_stages.all()} if profile else set()
            technologies = {t.pk for t in profile.interest_technologies.all()} if profile else set()
            interests[user_id] = cls(
                topic_ids=frozenset(topics[user_id]),
                stage_ids=frozenset(widen(stages, stage_children)),
                technology_ids=frozenset(widen(technologies, technology_children)),
                countries=frozenset(
                    str(country) for country in (profile.interest_countries if profile else [])
                ),
                organisation_id=profile.organisation_id if profile else None,
                chosen={
                    "topics": frozenset(topics[user_id]),
                    "stages": frozenset(stages),
                    "technologies": frozenset(technologies),
                },
            )
        return interests

    # Matching ---------------------------------------------------------------------------

    def q(self) -> Q:
        """The rule as a filter on NewsPage; matches nothing when nothing is chosen."""
        if self.is_empty():
            return Q(pk__in=[])
        subjects = Q()
        if self.topic_ids:
            subjects |= Q(
                pk__in=NewsPage.topics.through.objects.filter(topic_id__in=self.topic_ids).values(
                    "newspage_id"
                )
            )
        if self.stage_ids:
            subjects |= Q(
                pk__in=NewsPage.stages.through.objects.filter(
                    valuechainstage_id__in=self.stage_ids
                ).values("newspage_id")
            )
        if self.technology_ids:
            subjects |= Q(
                pk__in=NewsPage.technologies.through.objects.filter(
                    technology_id__in=self.technology_ids
                ).values("newspage_id")
            )
        if self.organisation_id:
            subjects |= Q(
                pk__in=NewsPageOrganisation.objects.filter(
                    organisation_id=self.organisation_id
                ).values("page_id")
            )
        if not self.countries:
            return subjects
        in_countries = Q()
        for country in sorted(self.countries):
            # CountryField(multiple=True) stores "DE,FR": two-letter codes between commas,
            # so a code cannot match across a boundary.
            in_countries |= Q(countries__contains=country)
        if not self.has_subjects:
            return in_countries
        return subjects & (Q(countries="") | in_countries)

    def reasons(self, article: NewsPage, organisation_ids: Iterable[int] = ()) -> list[Reason]:
        """Why `article` matches, or [] when it does not.

        The article needs its topics, stages and technologies prefetched (`with_tags()`);
        `organisation_ids` are the organisations it concerns.
        """
        if self.is_empty():
            return []
        subjects = [
            *(Reason("topic", t.name) for t in article.topics.all() if t.pk in self.topic_ids),
            *(Reason("stage", s.name) for s in article.stages.all() if s.pk in self.stage_ids),
            *(
                Reason("technology", t.name)
                for t in article.technologies.all()
                if t.pk in self.technology_ids
            ),
        ]
        if self.organisation_id and self.organisation_id in set(organisation_ids):
            subjects.append(Reason("organisation", _organisation_name(article, self)))
        article_countries = list(article.countries)
        shared = [c for c in article_countries if c.code in self.countries]
        if not self.countries:
            return subjects
        if not self.has_subjects:
            return [Reason("country", c.name) for c in shared]
        if not subjects:
            return []
        if not article_countries:
            return subjects
        if not shared:
            return []
        return [*subjects, *(Reason("country", c.name) for c in shared)]


def _organisation_name(article: NewsPage, interests: Interests) -> str:
    for link in getattr(article, "_prefetched_objects_cache", {}).get(
        "concerned_organisations", []
    ):
        if link.organisation_id == interests.organisation_id:
            return link.organisation.name
    return str(_("named in the article"))
