"""The public directory at /actors/: the filtered list with its facet counts and map, and
the map's data at /actors/map.geojson, both read from the same `DirectoryQuery`."""

from __future__ import annotations

from json.encoder import encode_basestring as encode
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.functional import cached_property

from actors.directory import DirectoryQuery
from cobioe.pagination import page_or_nearest

PER_PAGE = 20

# Six decimals is 10 cm; five (1 m) places a building and keeps 50,000 features light.
COORDINATE_DECIMALS = 5

# What could close a <script> element or open markup, escaped as json_script does: the
# data stays the same JSON, and stays inert if some reader ever inlines it in a page.
JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))

LONG_TEXTS = (
    "description",
    "capabilities",
    "services",
    "capacity",
    "equipment",
    "seeks",
    "search_text",
)

_SLUG_PLACEHOLDER = "slug-placeholder"


class CountedPaginator(Paginator):
    """A paginator told its count: the facets have counted the results already, and a
    second COUNT over 50,000 organisations would cost as much again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def directory(request):
    query = DirectoryQuery.from_querydict(request.GET)
    facets = query.facets()
    organisations = (
        query.organisations()
        .select_related("actor_type")
        .prefetch_related("stages")
        # The list shows none of the long texts; a page of 20 need not carry them.
        .defer(*LONG_TEXTS)
    )
    paginator = CountedPaginator(organisations, PER_PAGE, count=query.total)
    page, page_note = page_or_nearest(paginator, request.GET.get("page"))

    stage_order = {
        choice.value: position for position, choice in enumerate(_flatten(facets["stage"]))
    }
    rows = list(page.object_list)
    for organisation in rows:
        organisation.stage_badges = sorted(
            organisation.stages.all(), key=lambda stage: stage_order.get(stage.slug, 0)
        )

    params = query.as_params()
    filter_string = urlencode(params)
    notes = [*query.notes, *([page_note] if page_note else [])]
    return render(
        request,
        "actors/directory.html",
        {
            "query": query,
            "facets": facets,
            "page_obj": page,
            "organisations": rows,
            "total": paginator.count,
            "notes": notes,
            "filter_string": filter_string,
            "export_csv_url": _with_params(_reverse_or_none("actors:export_csv"), filter_string),
            "map_data_url": _with_params(reverse("actors:map_data"), filter_string),
            "map_tile_url": settings.ACTORS_MAP_TILE_URL,
            "map_attribution": settings.ACTORS_MAP_ATTRIBUTION,
        },
    )


def map_data(request):
    """The published organisations of the current filters that have coordinates, as a
    GeoJSON FeatureCollection. Built from tuples in one query: the whole map of 50,000
    actors must answer in well under a second."""
    query = DirectoryQuery.from_querydict(request.GET)
    rows = (
        query.organisations()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list("slug", "name", "actor_type__name", "city", "country", "longitude", "latitude")
    )
    prefix, suffix = _profile_url_parts()
    # One f-string a feature, with the C string encoder for the values: four times faster
    # than json.dumps over 50,000 nested dicts, for the same JSON.
    features = ",".join(
        f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":'
        f"[{longitude:.{COORDINATE_DECIMALS}f},{latitude:.{COORDINATE_DECIMALS}f}]}},"
        f'"properties":{{"name":{encode(name)},"url":{encode(prefix + slug + suffix)},'
        f'"type":{encode(type_name)},"city":{encode(city)},"country":{encode(country)}}}}}'
        for slug, name, type_name, city, country, longitude, latitude in rows
    )
    body = f'{{"type":"FeatureCollection","features":[{features}]}}'
    for character, escape in JSON_ESCAPES:
        body = body.replace(character, escape)
    return HttpResponse(body, content_type="application/geo+json; charset=utf-8")


urlpatterns = [
    path("", directory, name="directory"),
    path("map.geojson", map_data, name="map_data"),
]


def _flatten(choices):
    for choice in choices:
        yield choice
        yield from choice.children


def _profile_url_parts() -> tuple[str, str]:
    """What comes before and after the slug in a profile's address: reversing once, not
    50,000 times, is most of what keeps the map data fast."""
    try:
        url = reverse("actors:profile", kwargs={"slug": _SLUG_PLACEHOLDER})
    except NoReverseMatch:
        url = f"{reverse('actors:directory')}{_SLUG_PLACEHOLDER}/"
    prefix, _placeholder, suffix = url.partition(_SLUG_PLACEHOLDER)
    return prefix, suffix


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _with_params(url: str | None, filter_string: str) -> str | None:
    if url is None or not filter_string:
        return url
    return f"{url}?{filter_string}"
