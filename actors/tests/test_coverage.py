"""Coverage figures (actors/coverage.py) and the staff dashboard that shows them."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors.coverage import Chart, Coverage, coverage_query, monthly_growth, stage_counts
from actors.factories import OrganisationFactory
from actors.models import CoverageTarget, Organisation

pytestmark = pytest.mark.django_db


def figures(query_string=""):
    return Coverage.compute(coverage_query(QueryDict(query_string)))


def by_slug(nodes):
    flat = {}
    for node in nodes:
        flat[node.stage.slug] = node.count
        for child in node.children:
            flat[child.stage.slug] = child.count
    return flat


def test_a_stage_counts_its_sub_stages_once_per_organisation():
    OrganisationFactory(stages=["production", "quality-control", "fill-and-finish"])
    OrganisationFactory(stages=["quality-control"])
    OrganisationFactory(stages=["training"])

    counts = by_slug(stage_counts(Organisation.objects.published()))

    assert counts["production"] == 2
    assert counts["quality-control"] == 2
    assert counts["fill-and-finish"] == 1
    assert counts["training"] == 1
    assert counts["post-market"] == 0


def test_the_stages_come_in_the_order_of_the_chain():
    nodes = stage_counts(Organisation.objects.published())

    assert [node.stage.slug for node in nodes] == [
        "training",
        "research-and-development",
        "industrialisation",
        "production",
        "post-market",
    ]
    assert nodes[0].is_gap


def test_only_published_organisations_count():
    OrganisationFactory(stages=["production"])
    OrganisationFactory(stages=["production"], status=Organisation.Status.PENDING)
    OrganisationFactory(stages=["production"], status=Organisation.Status.DRAFT)
    OrganisationFactory(stages=["production"], status=Organisation.Status.REJECTED)
    kept = OrganisationFactory(stages=["training"])
    OrganisationFactory(stages=["production"], merged_into=kept)

    coverage = figures()

    assert coverage.total == 2
    assert by_slug(coverage.stages)["production"] == 1
    assert sum(month.new for month in coverage.growth) == 2


def test_countries_are_measured_against_their_targets():
    for _ in range(3):
        OrganisationFactory(country="FR")
    OrganisationFactory(country="DE")
    CoverageTarget.objects.create(country="", target=8)
    CoverageTarget.objects.create(country="FR", target=6)
    CoverageTarget.objects.create(country="PT", target=10)

    coverage = figures()

    assert coverage.total == 4
    assert coverage.europe_target == 8
    assert coverage.europe_percent == 50
    rows = {row.code: (row.count, row.target, row.percent) for row in coverage.countries}
    assert rows == {"FR": (3, 6, 50), "DE": (1, None, None), "PT": (0, 10, 0)}
    assert coverage.countries[0].code == "FR"  # most actors first


def test_filters_by_country_and_technology():
    OrganisationFactory(country="FR", technologies=["cell-therapy"], stages=["production"])
    OrganisationFactory(country="FR", technologies=["vaccines"], stages=["production"])
    OrganisationFactory(country="DE", technologies=["gene-therapy"], stages=["training"])
    CoverageTarget.objects.create(country="PT", target=10)

    by_country = figures("country=FR")
    by_family = figures("technology=innovative-therapies")
    by_both = figures("country=FR&technology=cell-therapy&stage=training&q=zzz")

    assert by_country.total == 2
    assert [row.code for row in by_country.countries] == ["FR"]
    assert by_family.total == 2  # a family counts its technologies
    assert by_both.total == 1  # stage and q are not coverage filters: ignored
    assert by_slug(by_both.stages)["production"] == 1


@pytest.mark.parametrize(
    ("query_string", "target", "percent", "missing"),
    [
        ("", 100, 5, []),
        ("country=FR", 20, 15, []),
        ("country=FR&country=DE", 30, 13, []),
        ("country=FR&country=IT", None, None, ["IT"]),
        ("country=IT", None, None, ["IT"]),
        ("country=PT", None, None, ["PT"]),  # a target of 0 counts as none
    ],
)
def test_the_headline_measures_the_selected_countries_against_their_own_targets(
    query_string, target, percent, missing
):
    for country in ("FR", "FR", "FR", "DE", "IT"):
        OrganisationFactory(country=country)
    CoverageTarget.objects.create(country="", target=100)
    CoverageTarget.objects.create(country="FR", target=20)
    CoverageTarget.objects.create(country="DE", target=10)
    CoverageTarget.objects.create(country="PT", target=0)

    headline = figures(query_string).headline

    assert (headline.target, headline.percent, headline.missing) == (target, percent, missing)


def test_unknown_filter_values_are_ignored_with_a_note():
    OrganisationFactory()

    coverage = figures("country=ZZ&technology=teleportation")

    assert coverage.total == 1
    assert len(coverage.query.notes) == 2


def test_growth_per_month_is_cumulative_and_keeps_empty_months():
    def created(year, month):
        organisation = OrganisationFactory()
        moment = timezone.make_aware(datetime.datetime(year, month, 15, 12))
        Organisation.objects.filter(pk=organisation.pk).update(created_at=moment)

    created(2025, 11)
    created(2025, 11)
    created(2026, 2)

    growth = monthly_growth(Organisation.objects.published())

    assert [(m.month, m.new, m.cumulative) for m in growth] == [
        (datetime.date(2025, 11, 1), 2, 2),
        (datetime.date(2025, 12, 1), 0, 2),
        (datetime.date(2026, 1, 1), 0, 2),
        (datetime.date(2026, 2, 1), 1, 3),
    ]


def test_no_organisation_no_growth():
    assert monthly_growth(Organisation.objects.published()) == []


@pytest.mark.parametrize("rows", [1, 30])
def test_the_figures_cost_a_fixed_number_of_queries(rows, django_assert_num_queries):
    countries = ["FR", "DE", "PT", "SE", "DK"]
    for index in range(rows):
        OrganisationFactory(
            country=countries[index % 5],
            stages=["production", "quality-control"] if index % 2 else ["training"],
            technologies=["cell-therapy"],
        )
    CoverageTarget.objects.create(country="", target=100)
    query = coverage_query(QueryDict("country=FR&country=DE&technology=cell-therapy"))

    # Per country, targets, stages (own and with sub-stages, the terms), growth.
    with django_assert_num_queries(6):
        Coverage.compute(query)


def test_charts_scale_bars_to_the_largest_value():
    chart = Chart.horizontal([("France", 10, ""), ("Germany", 5, "half")])

    assert [bar.width for bar in chart.bars] == [Chart.BAR_AREA, Chart.BAR_AREA / 2]
    assert chart.bars[1].y > chart.bars[0].y
    columns = Chart.columns([("2026-01", 0), ("2026-02", 4)])
    assert [bar.height for bar in columns.bars] == [0, Chart.COLUMN_AREA]
    assert Chart.horizontal([]).bars == []


# The dashboard ------------------------------------------------------------------------


@pytest.fixture
def reviewer(client):
    group = Group.objects.create(name="Reviewers")
    for codename in ("access_admin", "change_organisation"):
        group.permissions.add(Permission.objects.get(codename=codename))
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return user


def test_the_dashboard_shows_charts_and_tables_against_the_targets(client, reviewer):
    OrganisationFactory(country="FR", stages=["production"], technologies=["cell-therapy"])
    OrganisationFactory(country="FR", stages=["training"])
    OrganisationFactory(country="DE", status=Organisation.Status.PENDING)
    CoverageTarget.objects.create(country="", target=10)
    CoverageTarget.objects.create(country="FR", target=4)

    html = client.get("/admin/actors_coverage/").content.decode()

    assert "Coverage of the map" in html
    assert "20% of the European target of 10" in html
    assert '<th scope="row">France</th>' in html
    assert "<td>50%</td>" in html
    assert '<th scope="row">Germany</th>' not in html  # its only organisation is not published
    assert '<svg role="img"' in html
    assert "Growth per month" in html
    assert "(gap)" in html  # post-market has no actor
    assert '<script src="http' not in html


def test_the_dashboard_headline_compares_one_country_with_its_own_target(client, reviewer):
    for _ in range(3):
        OrganisationFactory(country="FR")
    OrganisationFactory(country="DE")
    CoverageTarget.objects.create(country="", target=10000)
    CoverageTarget.objects.create(country="FR", target=4)

    html = client.get("/admin/actors_coverage/?country=FR").content.decode()

    assert "<strong>3</strong> in France, 75% of the target for France of 4" in html
    assert "European target" not in html
    assert '<progress max="100" value="75"' in html


def test_the_dashboard_headline_adds_up_the_targets_of_several_countries(client, reviewer):
    for country in ("FR", "FR", "DE"):
        OrganisationFactory(country=country)
    CoverageTarget.objects.create(country="", target=10000)
    CoverageTarget.objects.create(country="FR", target=4)
    CoverageTarget.objects.create(country="DE", target=2)

    html = client.get("/admin/actors_coverage/?country=FR&country=DE").content.decode()

    assert "<strong>3</strong> in France and Germany, 50% of their targets added together, 6" in (
        html
    )
    assert "European target" not in html


def test_the_dashboard_gives_no_percentage_when_a_selected_country_has_no_target(client, reviewer):
    OrganisationFactory(country="FR")
    OrganisationFactory(country="IT")
    CoverageTarget.objects.create(country="", target=10000)
    CoverageTarget.objects.create(country="FR", target=4)

    html = client.get("/admin/actors_coverage/?country=FR&country=IT").content.decode()

    assert "<strong>2</strong> in France and Italy" in html
    assert "No percentage: Italy has no target of its own" in html
    assert "%" not in html.split('id="coverage-total"')[1].split("</section>")[0]
    assert "<progress" not in html


def test_the_dashboard_lists_countries_by_name_with_accents_folded(client, reviewer):
    html = client.get("/admin/actors_coverage/").content.decode()
    select = html.split('id="coverage-country"')[1].split("</select>")[0]
    codes = re.findall(r'<option value="([A-Z]{2})"', select)

    assert codes.index("AF") < codes.index("AX") < codes.index("AL")  # Åland Islands
    assert codes.index("CI") < codes.index("HR") < codes.index("CZ")  # Côte d'Ivoire
    assert codes[-1] == "ZW"


def test_the_dashboard_filters_and_notes_unknown_values(client, reviewer):
    OrganisationFactory(country="FR", technologies=["cell-therapy"])
    OrganisationFactory(country="DE", technologies=["vaccines"])

    html = client.get("/admin/actors_coverage/?technology=vaccines&country=XX").content.decode()

    assert '<th scope="row">Germany</th>' in html
    assert '<th scope="row">France</th>' not in html
    assert "Unknown country “XX” ignored." in html


def test_the_dashboard_costs_the_same_queries_for_few_and_many(client, reviewer):
    OrganisationFactory(stages=["production"])
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/actors_coverage/")
    for index in range(25):
        OrganisationFactory(country=["FR", "DE", "IT"][index % 3], stages=["training"])
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/actors_coverage/")

    assert len(many) == len(few)
