"""/actors/map.geojson: the published organisations of the current filters that have
coordinates, as GeoJSON, in a fixed number of queries whatever the table size."""

import json

import pytest

from actors.factories import ActorTypeFactory, OrganisationFactory
from actors.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/actors/map.geojson"

# Parsing reads the three vocabularies; then one query for all the features.
QUERIES_PER_MAP = 4


def features(response):
    assert response.status_code == 200
    return json.loads(response.content)["features"]


def names(response):
    return sorted(feature["properties"]["name"] for feature in features(response))


@pytest.fixture
def chain():
    cdmo = ActorTypeFactory(slug="cdmo-cmo", name="CDMO / CMO")
    return {
        "fr_cdmo": OrganisationFactory(
            name="Cellforge",
            actor_type=cdmo,
            country="FR",
            city="Lyon",
            latitude=45.764043,
            longitude=4.835659,
            stages=["fill-and-finish"],
            technologies=["cell-therapy"],
        ),
        "de_cdmo": OrganisationFactory(
            name="Vectorwerk",
            actor_type=cdmo,
            country="DE",
            city="Munich",
            latitude=48.1351,
            longitude=11.582,
            stages=["production"],
            technologies=["gene-therapy"],
        ),
        "fr_school": OrganisationFactory(
            name="Biotherapy Academy",
            country="FR",
            stages=["training"],
            description="Courses.",
        ),
    }


def test_map_data_is_a_geojson_feature_collection(client, chain):
    response = client.get(URL)
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    cellforge = next(f for f in data["features"] if f["properties"]["name"] == "Cellforge")
    assert cellforge == {
        "type": "Feature",
        # GeoJSON puts the longitude first.
        "geometry": {"type": "Point", "coordinates": [4.83566, 45.76404]},
        "properties": {
            "name": "Cellforge",
            "url": chain["fr_cdmo"].get_absolute_url(),
            "type": "CDMO / CMO",
            "city": "Lyon",
            "country": "FR",
        },
    }


def test_organisations_without_coordinates_are_left_off_the_map(client, chain):
    OrganisationFactory(name="Nowhere Labs", latitude=None, longitude=None)
    assert "Nowhere Labs" not in names(client.get(URL))


def test_map_data_follows_the_directory_filters(client, chain):
    assert names(client.get(URL, {"stage": "production"})) == ["Cellforge", "Vectorwerk"]
    assert names(client.get(URL, {"stage": "production", "country": "FR"})) == ["Cellforge"]
    assert names(client.get(URL, {"type": "cdmo-cmo", "q": "munich"})) == ["Vectorwerk"]


def test_a_technology_family_includes_its_technologies(client, chain):
    assert names(client.get(URL, {"technology": "innovative-therapies"})) == [
        "Cellforge",
        "Vectorwerk",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"stage": "nowhere"},
        {"country": "XX"},
        {"type": "<script>"},
        {"technology": ""},
        {"q": "\x00"},
        {"country": ["fr", "zz"]},
    ],
)
def test_unknown_filter_values_are_ignored(client, chain, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert len(features(response)) >= 1


@pytest.mark.parametrize(
    "status",
    [Organisation.Status.DRAFT, Organisation.Status.PENDING, Organisation.Status.REJECTED],
)
def test_unpublished_organisations_are_never_on_the_map(client, chain, status):
    OrganisationFactory(name="Hidden Cells", status=status, stages=["production"])
    assert "Hidden Cells" not in names(client.get(URL))
    assert "Hidden Cells" not in names(client.get(URL, {"stage": "production", "q": "hidden"}))


def test_merged_organisations_are_never_on_the_map(client, chain):
    OrganisationFactory(name="Cellforge duplicate", merged_into=chain["fr_cdmo"])
    assert "Cellforge duplicate" not in names(client.get(URL))


def test_names_that_look_like_markup_stay_inert(client):
    OrganisationFactory(name="<script>alert(1)</script>", city="A & B")
    response = client.get(URL)
    assert b"<script>" not in response.content
    assert b"\\u003cscript\\u003e" in response.content
    properties = features(response)[0]["properties"]
    assert properties["name"] == "<script>alert(1)</script>"
    assert properties["city"] == "A & B"


def test_map_data_costs_the_same_queries_for_1_or_60_organisations(
    client, django_assert_num_queries
):
    OrganisationFactory(stages=["production"])
    with django_assert_num_queries(QUERIES_PER_MAP):
        assert len(features(client.get(URL))) == 1
    OrganisationFactory.create_batch(59, stages=["production", "quality-control"])
    with django_assert_num_queries(QUERIES_PER_MAP):
        assert len(features(client.get(URL))) == 60
    with django_assert_num_queries(QUERIES_PER_MAP):
        response = client.get(URL, {"stage": "production", "country": "FR", "q": "works"})
    assert len(features(response)) == 60
