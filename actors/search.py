"""The actors' part of the site search: the first published organisations matching the
query, found by the directory's own text filter, and a link to all of them there."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from actors.directory import DirectoryQuery, normalise_query
from cobioe.plugins import SearchSection

RESULTS_SHOWN = 5


@dataclass(frozen=True)
class OrganisationResult:
    title: str
    url: str
    summary: str


def search_organisations(query: str, request) -> SearchSection | None:
    """Up to five organisations and how many match in all; None when none does."""
    query = normalise_query(query or "")
    if not query:
        return None
    organisations = DirectoryQuery(q=query).organisations()
    total = organisations.count()
    if not total:
        return None
    results = [
        OrganisationResult(
            title=f"{organisation.name} ({organisation.acronym})"
            if organisation.acronym
            else organisation.name,
            url=organisation.get_absolute_url(),
            summary=" · ".join(
                part
                for part in (
                    organisation.actor_type.name,
                    ", ".join(p for p in (organisation.city, organisation.country.name) if p),
                )
                if part
            ),
        )
        for organisation in organisations.select_related("actor_type")[:RESULTS_SHOWN]
    ]
    return SearchSection(
        title=_("Actors"),
        results=results,
        total=total,
        more_url=f"{reverse('actors:directory')}?{urlencode({'q': query})}",
    )
