"""The CSV export and the JSON API: published organisations only, public fields only, the
directory's filters, formula-safe cells, pagination and errors, and fixed query counts."""

import csv
import io

import pytest
from django.urls import reverse

from actors import records as records_module
from actors.factories import ActorTypeFactory, OrganisationFactory
from actors.models import Certification
from actors.views.exports import CSV_COLUMNS, formula_safe

pytestmark = pytest.mark.django_db

CSV_URL = "/actors/export.csv"
API_URL = "/actors/api/organisations/"


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def cellforge():
    organisation = OrganisationFactory(
        name="Cellforge",
        acronym="CF",
        actor_type=ActorTypeFactory(slug="cdmo-cmo", name="CDMO / CMO"),
        website="https://cellforge.example/",
        city="Lyon",
        latitude=45.75,
        longitude=4.85,
        size_band="10-49",
        year_founded=2011,
        is_verified=True,
        partner_contact_email="partners@cellforge.example",
        stages=["production", "fill-and-finish", "scale-up"],
        technologies=["cell-therapy", "gene-therapy"],
        source="ror",
        source_id="https://ror.org/03xjwb503",
    )
    organisation.certifications.set(Certification.objects.filter(slug__in=["gmp", "iso-9001"]))
    return organisation


@pytest.fixture
def hidden():
    """Organisations that must never appear in an export."""
    survivor = OrganisationFactory(name="Survivor")
    return [
        OrganisationFactory(name="Hidden draft", status="draft"),
        OrganisationFactory(name="Hidden pending", status="pending"),
        OrganisationFactory(name="Hidden rejected", status="rejected"),
        OrganisationFactory(name="Hidden merged", merged_into=survivor),
    ]


# CSV ----------------------------------------------------------------------------------


def test_csv_is_an_attachment_with_the_public_columns(client, cellforge):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cobioe-actors.csv"'
    [row] = read_csv(response)
    assert list(row) == CSV_COLUMNS
    assert row == {
        "name": "Cellforge",
        "acronym": "CF",
        "type": "CDMO / CMO",
        "country_code": "FR",
        "country": "France",
        "city": "Lyon",
        "latitude": "45.75",
        "longitude": "4.85",
        "website": "https://cellforge.example/",
        "stages": "Industrialisation of processes; Production",
        "sub_stages": "Scale-up; Fill and finish",
        "technologies": "Cell therapy; Gene therapy",
        "certifications": "GMP (Good Manufacturing Practice); ISO 9001",
        "size": "10-49",
        "year_founded": "2011",
        "verified": "true",
        "last_confirmed": cellforge.last_confirmed_at.date().isoformat(),
        "profile_url": f"http://testserver/actors/{cellforge.slug}/",
    }


def test_csv_never_contains_the_partner_contact(client, cellforge):
    text = b"".join(client.get(CSV_URL).streaming_content).decode()
    assert "partners@cellforge.example" not in text


def test_csv_lists_published_organisations_only(client, cellforge, hidden):
    names = [row["name"] for row in read_csv(client.get(CSV_URL))]
    assert names == ["Cellforge", "Survivor"]


def test_csv_follows_the_directory_filters(client, cellforge):
    OrganisationFactory(name="Vectorwerk", country="DE", stages=["training"])
    OrganisationFactory(name="Parisian", stages=["training"], technologies=["vaccines"])
    rows = read_csv(client.get(CSV_URL, {"stage": "production", "country": "FR"}))
    assert [row["name"] for row in rows] == ["Cellforge"]
    rows = read_csv(client.get(CSV_URL, {"q": "vectorw"}))
    assert [row["name"] for row in rows] == ["Vectorwerk"]
    rows = read_csv(client.get(CSV_URL, {"technology": "nonsense"}))
    assert len(rows) == 3  # an unknown value is ignored


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Évry", "Évry"),
        (-12.5, -12.5),
    ],
)
def test_formula_safe(value, expected):
    assert formula_safe(value) == expected


def test_csv_cells_cannot_run_as_formulas(client):
    OrganisationFactory(
        name='=HYPERLINK("http://evil.example","Click")',
        acronym="+SUM(1)",
        city="@risk",
        latitude=-21.1,
        longitude=-55.5,
    )
    [row] = read_csv(client.get(CSV_URL))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["acronym"] == "'+SUM(1)"
    assert row["city"] == "'@risk"
    # Coordinates are numbers we wrote, not text someone typed: they stay numbers.
    assert row["latitude"] == "-21.1"
    assert row["longitude"] == "-55.5"


# The vocabularies (stages, actor types, technologies: read by the directory's filters; and
# certifications), the organisations (one server-side cursor), then per batch the links to
# stages, technologies and certifications.
VOCABULARIES = 4
CSV_QUERIES = VOCABULARIES + 1 + 3


@pytest.mark.parametrize("size", [1, 30])
def test_csv_query_count_is_fixed(client, django_assert_num_queries, size):
    for n in range(size):
        organisation = OrganisationFactory(
            stages=["production", "scale-up"], technologies=["cell-therapy"]
        )
        organisation.certifications.set(Certification.objects.all()[: n % 3 + 1])
    with django_assert_num_queries(CSV_QUERIES):
        rows = read_csv(client.get(CSV_URL))
    assert len(rows) == size


def test_csv_reads_in_batches(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(records_module, "BATCH_SIZE", 4)
    OrganisationFactory.create_batch(10, stages=["production"], technologies=["cell-therapy"])
    with django_assert_num_queries(VOCABULARIES + 1 + 3 * 3):  # three batches: 4 + 4 + 2
        rows = read_csv(client.get(CSV_URL))
    assert len(rows) == 10
    assert all(row["stages"] == "Production" for row in rows)


# JSON API -----------------------------------------------------------------------------


def test_api_lists_public_fields_with_absolute_urls(client, cellforge):
    response = client.get(API_URL)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["next"] is None
    assert data["previous"] is None
    assert data["notes"] == []
    assert "GeoNames" in data["attribution"]
    [item] = data["results"]
    assert item["name"] == "Cellforge"
    assert item["type"] == {"slug": "cdmo-cmo", "name": "CDMO / CMO"}
    assert item["country"] == {"code": "FR", "name": "France"}
    assert item["latitude"] == 45.75
    assert [s["slug"] for s in item["stages"]] == ["industrialisation", "production"]
    assert [s["slug"] for s in item["sub_stages"]] == ["scale-up", "fill-and-finish"]
    assert [t["slug"] for t in item["technologies"]] == ["cell-therapy", "gene-therapy"]
    assert [c["slug"] for c in item["certifications"]] == ["gmp", "iso-9001"]
    assert item["verified"] is True
    assert item["source_id"] == "https://ror.org/03xjwb503"
    assert item["url"] == f"http://testserver/actors/{cellforge.slug}/"
    assert item["api_url"] == f"http://testserver/actors/api/organisations/{cellforge.slug}/"
    assert item["logo"] is None


def test_api_never_exposes_contact_status_or_reviewers(client, cellforge):
    text = client.get(API_URL).content.decode()
    assert "partners@cellforge.example" not in text
    item = client.get(API_URL).json()["results"][0]
    for private in [
        "partner_contact_email",
        "status",
        "rejection_reason",
        "verified_by",
        "search_text",
    ]:
        assert private not in item
    detail = client.get(item["api_url"]).json()
    assert "partner_contact_email" not in detail
    assert "partners@cellforge.example" not in str(detail)


def test_api_lists_published_organisations_only(client, cellforge, hidden):
    names = [item["name"] for item in client.get(API_URL).json()["results"]]
    assert names == ["Cellforge", "Survivor"]


def test_api_detail_of_a_published_organisation(client, cellforge):
    response = client.get(reverse("actors:api_detail", kwargs={"slug": cellforge.slug}))
    assert response.status_code == 200
    assert response.json()["name"] == "Cellforge"


def test_api_detail_is_a_json_404_unless_published(client, hidden):
    for organisation in [*hidden, None]:
        slug = organisation.slug if organisation else "no-such-organisation"
        response = client.get(reverse("actors:api_detail", kwargs={"slug": slug}))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]


def test_api_follows_the_directory_filters_and_reports_unknown_values(client, cellforge):
    OrganisationFactory(name="Vectorwerk", country="DE", stages=["training"])
    data = client.get(API_URL, {"country": ["FR", "ZZ"], "stage": ["production", "nowhere"]}).json()
    assert [item["name"] for item in data["results"]] == ["Cellforge"]
    assert len(data["notes"]) == 2
    assert any("ZZ" in note for note in data["notes"])
    assert any("nowhere" in note for note in data["notes"])


def test_api_paginates_with_absolute_links_keeping_the_filters(client):
    OrganisationFactory.create_batch(5, stages=["production"])
    data = client.get(API_URL, {"stage": "production", "page_size": 2}).json()
    assert data["count"] == 5
    assert len(data["results"]) == 2
    assert data["previous"] is None
    assert data["next"].startswith("http://testserver/actors/api/organisations/?")
    assert "stage=production" in data["next"]
    assert "page=2" in data["next"]
    second = client.get(data["next"]).json()
    assert second["previous"].startswith("http://testserver/")
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 1
    assert third["next"] is None
    names = [item["name"] for page in (data, second, third) for item in page["results"]]
    assert len(set(names)) == 5


def test_api_default_page_size_is_50(client):
    OrganisationFactory.create_batch(51)
    data = client.get(API_URL).json()
    assert len(data["results"]) == 50
    assert data["next"]


@pytest.mark.parametrize("page", ["3", "0", "-1"])
def test_api_out_of_range_page_is_a_json_404(client, page):
    OrganisationFactory.create_batch(3)
    response = client.get(API_URL, {"page": page, "page_size": 2})
    assert response.status_code == 404
    assert "page" in response.json()["error"]


def test_api_page_that_is_not_a_number_is_a_json_400(client):
    response = client.get(API_URL, {"page": "two"})
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("page_size", ["0", "101", "ten", "-5"])
def test_api_bad_page_size_is_a_json_400(client, page_size):
    response = client.get(API_URL, {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["error"]


def test_api_page_size_of_100_is_allowed(client):
    assert client.get(API_URL, {"page_size": 100}).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, cellforge, method):
    for address in [API_URL, reverse("actors:api_detail", kwargs={"slug": cellforge.slug})]:
        response = getattr(client, method)(address)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert response.json()["error"]


def test_api_escapes_nothing_it_should_not_and_keeps_descriptions_sanitised(client):
    OrganisationFactory(
        description='<p>Hi<script>alert(1)</script><a href="javascript:x">l</a></p>'
    )
    item = client.get(API_URL).json()["results"][0]
    assert "<script>" not in item["description"]
    assert "javascript:" not in item["description"]


# The vocabularies, count, page, then the page's links to stages, technologies and
# certifications.
API_QUERIES = VOCABULARIES + 2 + 3


@pytest.mark.parametrize("size", [1, 40])
def test_api_query_count_is_fixed(client, django_assert_num_queries, size):
    for n in range(size):
        organisation = OrganisationFactory(
            stages=["production", "scale-up"], technologies=["cell-therapy", "vaccines"]
        )
        organisation.certifications.set(Certification.objects.all()[: n % 3 + 1])
    with django_assert_num_queries(API_QUERIES):
        data = client.get(API_URL, {"page_size": 100}).json()
    assert len(data["results"]) == size


def test_api_detail_query_count(client, cellforge, django_assert_num_queries):
    with django_assert_num_queries(1 + VOCABULARIES + 3):
        client.get(reverse("actors:api_detail", kwargs={"slug": cellforge.slug}))
