"""What the actors plugin adds to each member's email digest: the organisations that joined
the map in the member's fields during the period (PluginConfig.digest_section)."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext

from actors.models import MemberProfile, Organisation, Technology, ValueChainStage, widen
from actors.tasks import site_url
from cobioe.plugins import DigestReader, DigestSection

# A digest lists this many newcomers, then links to the directory for the rest.
MAX_ITEMS = 5


def new_organisations(readers: list[DigestReader]) -> dict[int, DigestSection]:
    """For a batch of readers, the organisations published in each one's period at the
    stages or technologies they follow (a stage or a family covers the terms under it),
    narrowed to their countries of interest if they chose some; the same rule as the
    news. Seven queries, whatever the number of readers or organisations."""
    if not readers:
        return {}
    user_ids = [reader.user.pk for reader in readers]
    profiles = {
        profile.user_id: profile
        for profile in MemberProfile.objects.filter(user_id__in=user_ids).prefetch_related(
            "interest_stages", "interest_technologies"
        )
    }  # 3 queries
    stage_children = ValueChainStage.objects.children_by_parent()
    technology_children = Technology.objects.children_by_parent()  # 2 queries
    newcomers = list(
        Organisation.objects.published()
        .filter(
            published_at__gt=min(reader.since for reader in readers),
            published_at__lte=max(reader.until for reader in readers),
        )
        .select_related("actor_type")
        .prefetch_related("stages", "technologies")
        .order_by("-published_at", "pk")
    )  # 3 queries
    if not newcomers:
        return {}
    # Newcomers indexed by the terms they carry, so that each reader is checked against
    # those sharing something with them rather than against every newcomer.
    position = {organisation.pk: n for n, organisation in enumerate(newcomers)}
    by_term = defaultdict(set)
    for organisation in newcomers:
        for stage in organisation.stages.all():
            by_term["stage", stage.pk].add(organisation.pk)
        for technology in organisation.technologies.all():
            by_term["technology", technology.pk].add(organisation.pk)
        by_term["country", organisation.country.code].add(organisation.pk)
    by_pk = {organisation.pk: organisation for organisation in newcomers}

    sections = {}
    directory_url = site_url(reverse("actors:directory"))
    title = gettext("New on the map in your fields")
    # Each newcomer's entry is built once for the batch, not once per reader listing it.
    items = {}
    for reader in readers:
        profile = profiles.get(reader.user.pk)
        if profile is None:
            continue
        stages = widen({s.pk for s in profile.interest_stages.all()}, stage_children)
        technologies = widen(
            {t.pk for t in profile.interest_technologies.all()}, technology_children
        )
        countries = {str(country) for country in profile.interest_countries}
        if not (stages or technologies or countries):
            continue
        keys = [("stage", pk) for pk in stages] + [("technology", pk) for pk in technologies]
        if not keys:  # countries only
            keys = [("country", code) for code in countries]
        candidates = set().union(*(by_term.get(key, ()) for key in keys))
        found = [
            by_pk[pk]
            for pk in sorted(candidates, key=position.__getitem__)
            if reader.since < by_pk[pk].published_at <= reader.until
            and pk != profile.organisation_id
            and (not countries or by_pk[pk].country.code in countries)
        ]
        if found:
            for organisation in found[:MAX_ITEMS]:
                if organisation.pk not in items:
                    items[organisation.pk] = _item(organisation)
            sections[reader.user.pk] = DigestSection(
                title=title,
                items=[items[organisation.pk] for organisation in found[:MAX_ITEMS]],
                total=len(found),
                more_url=directory_url,
            )
    return sections


def _item(organisation: Organisation) -> dict:
    where = ", ".join(part for part in (organisation.city, organisation.country.name) if part)
    return {
        "title": organisation.name,
        "url": site_url(organisation.get_absolute_url()),
        "summary": f"{organisation.actor_type.name} · {where}",
    }
