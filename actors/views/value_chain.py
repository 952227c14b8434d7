"""The public value-chain page: the five stages in order, how many published actors stand
at each, and where the chain has gaps or lone actors, for a country and a technology."""

from urllib.parse import urlencode

from django.db.models import Count
from django.shortcuts import render
from django.urls import path, reverse
from django_countries import countries

from actors.coverage import FEW_ACTORS, coverage_query, isolated_actors, stage_counts
from actors.models import Organisation, Technology


def value_chain(request):
    query = coverage_query(request.GET)
    organisations = query.apply(Organisation.objects.published())
    stages = stage_counts(organisations)
    filter_params = query.as_params()
    directory_url = reverse("actors:directory")

    def directory_link(stage_slug: str) -> str:
        return f"{directory_url}?{urlencode([('stage', stage_slug), *filter_params])}"

    for node in stages:
        node.url = directory_link(node.stage.slug)
        for child in node.children:
            child.url = directory_link(child.stage.slug)

    country_counts = (
        Organisation.objects.published().order_by().values_list("country").annotate(n=Count("pk"))
    )
    country_choices = sorted(
        ((code, countries.name(code) or code) for code, _n in country_counts),
        key=lambda choice: choice[1],
    )
    context = {
        "query": query,
        "stages": stages,
        "total": organisations.count(),
        "isolated": isolated_actors(organisations, stages),
        "few_actors": FEW_ACTORS,
        "country_choices": country_choices,
        "technology_groups": _families(Technology.objects.all()),
        "selected_countries": query.countries,
        "selected_technologies": [t.slug for t in query.technologies],
        "directory_url": (
            f"{directory_url}?{urlencode(filter_params)}" if filter_params else directory_url
        ),
    }
    return render(request, "actors/value_chain.html", context)


def _families(terms) -> list[tuple]:
    """Technologies grouped under their family, for the grouped select."""
    terms = list(terms)
    families = {term.pk: (term, []) for term in terms if term.parent_id is None}
    for term in terms:
        if term.parent_id in families:
            families[term.parent_id][1].append(term)
    return list(families.values())


urlpatterns = [
    path("value-chain/", value_chain, name="value_chain"),
]
