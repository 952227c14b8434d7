"""`manage.py import_actors`: the upsert, the checks, the report, and all-or-nothing writes."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.db.models import F

from actors import importer
from actors.factories import MembershipFactory, OrganisationFactory
from actors.importer import ImportAborted, Importer, ImportFileError, ProgressBar, read_rows
from actors.models import ActorType, Organisation, ValueChainStage

SHIPPED = Path(importer.__file__).parent / "data" / "ror-life-sciences-europe.csv"
# The columns of the ROR extract, as the shipped subset has them.
with SHIPPED.open(encoding="utf-8", newline="") as shipped:
    HEADER = next(csv.reader(shipped))


def ror_row(n, **values):
    row = {
        "ror_id": f"https://ror.org/0abcde{n % 10}{n:02d}",
        "name": f"Institut de Biothérapie {n}",
        "acronyms": f"IB{n}|IBX{n}",
        "types": "facility",
        "status": "active",
        "country_code": "FR",
        "country_name": "France",
        "europe_group": "EU",
        "city": "Évry-Courcouronnes",
        "lat": "48.63389",
        "lng": "2.44417",
        "website": f"https://ib{n}.example.org",
        "established": "1998",
        "life_sciences_hint": "true",
    }
    row.update(values)
    return row


def write_csv(path, rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=header, restval="", extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def csv_file(tmp_path):
    return lambda rows, **kwargs: write_csv(tmp_path / "orgs.csv", rows, **kwargs)


def run(path, **options):
    out = io.StringIO()
    call_command("import_actors", str(path), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def snapshot():
    return list(
        Organisation.objects.order_by("pk").values_list(
            "pk", "slug", "name", "acronym", "search_text", "updated_at", "actor_type_id"
        )
    )


# The upsert ----------------------------------------------------------------------------


def test_importing_twice_creates_then_changes_nothing(db, csv_file):
    path = csv_file([ror_row(n) for n in range(1, 4)])

    first = run(path)
    assert "created: 3" in first
    before = snapshot()
    links = list(Organisation.stages.through.objects.order_by("pk").values_list())

    second = run(path)
    assert "created: 0" in second
    assert "updated: 0" in second
    assert "skipped, unchanged: 3" in second
    assert snapshot() == before
    assert list(Organisation.stages.through.objects.order_by("pk").values_list()) == links


def test_imported_record_fields(db, csv_file):
    run(csv_file([ror_row(1, types="education|funder")]))

    organisation = Organisation.objects.get()
    assert organisation.source == "ror"
    assert organisation.source_id == "https://ror.org/0abcde101"
    assert organisation.name == "Institut de Biothérapie 1"
    assert organisation.slug == "institut-de-biotherapie-1"
    assert organisation.acronym == "IB1"
    assert organisation.country.code == "FR"
    assert organisation.city == "Évry-Courcouronnes"
    assert (organisation.latitude, organisation.longitude) == (48.63389, 2.44417)
    assert organisation.website == "https://ib1.example.org"
    assert organisation.year_founded == 1998
    assert organisation.is_published
    assert not organisation.is_claimed
    assert not organisation.is_verified
    assert organisation.last_confirmed_at is None
    assert organisation.search_text == "institut de biothérapie 1 ib1 évry-courcouronnes"
    assert organisation.actor_type.slug == "university-and-training"
    assert set(organisation.stages.values_list("slug", flat=True)) == {
        "training",
        "research-and-development",
    }
    assert Organisation.objects.published().filter(search_text__contains="biothérapie").exists()


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        ("healthcare|education", "hospital-and-clinical-centre"),
        ("education|company", "large-company"),
        ("funder|education", "university-and-training"),
        ("funder|government", "public-authority-and-regulator"),
        ("funder|nonprofit", "investor"),
        ("facility|nonprofit", "academic-and-research"),
        ("nonprofit|other", "association-and-patient-organisation"),
        ("archive", "academic-and-research"),
        ("", "academic-and-research"),
        ("spaceport", "academic-and-research"),
    ],
)
def test_ror_types_map_to_actor_types_by_priority(db, csv_file, types, expected):
    run(csv_file([ror_row(1, types=types)]))

    assert Organisation.objects.get().actor_type.slug == expected


def test_the_mapping_follows_staff_edits_of_source_types(db, csv_file):
    ActorType.objects.filter(slug="large-company").update(source_types="")
    ActorType.objects.filter(slug="cdmo-cmo").update(source_types="company")

    run(csv_file([ror_row(1, types="company")]))

    organisation = Organisation.objects.get()
    assert organisation.actor_type.slug == "cdmo-cmo"
    assert not organisation.stages.exists()  # CDMO / CMO has no default stages


def imported_an_hour_ago():
    """As if the records had been imported an hour ago: a save now is a later edit."""
    Organisation.objects.update(
        created_at=F("created_at") - timedelta(hours=1),
        updated_at=F("updated_at") - timedelta(hours=1),
    )


def test_reimport_updates_registry_fields_only(db, csv_file):
    run(csv_file([ror_row(1), ror_row(2)]))
    imported_an_hour_ago()
    # Written without save() (as a data migration would), so the record stays the
    # importer's: the refresh must leave these fields alone.
    Organisation.objects.filter(source_id=ror_row(1)["ror_id"]).update(
        description="<p>Viral vectors for gene therapy.</p>",
        actor_type=ActorType.objects.get(slug="cdmo-cmo"),
    )
    organisation = Organisation.objects.get(source_id=ror_row(1)["ror_id"])
    organisation.stages.set(ValueChainStage.objects.filter(slug="production"))
    updated_at = organisation.updated_at
    untouched = Organisation.objects.get(source_id=ror_row(2)["ror_id"]).updated_at

    output = run(csv_file([ror_row(1, name="Genethon Lab", city="Paris"), ror_row(2)]))

    assert "updated: 1" in output
    assert "skipped, unchanged: 1" in output
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city) == ("Genethon Lab", "Paris")
    assert organisation.slug == "institut-de-biotherapie-1"  # addresses stay stable
    assert organisation.description == "<p>Viral vectors for gene therapy.</p>"
    assert organisation.actor_type.slug == "cdmo-cmo"
    assert list(organisation.stages.values_list("slug", flat=True)) == ["production"]
    # A refresh is not an edit on the platform: updated_at keeps the last one.
    assert organisation.updated_at == updated_at
    assert Organisation.objects.get(source_id=ror_row(2)["ror_id"]).updated_at == untouched


def test_a_record_nobody_took_charge_of_is_refreshed_run_after_run(db, csv_file):
    run(csv_file([ror_row(1)]))
    imported_an_hour_ago()

    assert "updated: 1" in run(csv_file([ror_row(1, name="Second name")]))
    assert "updated: 1" in run(csv_file([ror_row(1, name="Third name")]))
    before = snapshot()
    assert "skipped, unchanged: 1" in run(csv_file([ror_row(1, name="Third name")]))
    assert snapshot() == before
    assert Organisation.objects.get().name == "Third name"


def test_the_search_text_follows_a_refresh(db, csv_file):
    run(csv_file([ror_row(1)]))
    Organisation.objects.update(description="<p>Viral vectors for gene therapy.</p>")

    run(csv_file([ror_row(1, name="Genethon Lab", city="Paris")]))

    search_text = Organisation.objects.get().search_text
    assert search_text.startswith("genethon lab ib1 paris")
    assert "viral vectors" in search_text


def test_records_edited_on_the_platform_are_kept(db, csv_file):
    run(csv_file([ror_row(1), ror_row(2)]))
    imported_an_hour_ago()
    # A staff correction in the admin, which saves the record.
    organisation = Organisation.objects.get(source_id=ror_row(1)["ror_id"])
    organisation.name = "Institut de Biothérapie d’Évry"
    organisation.website = "https://www.ib-evry.example.org"
    organisation.latitude, organisation.longitude = 48.6291, 2.4411
    organisation.save()

    output = run(csv_file([ror_row(1, city="Paris"), ror_row(2, city="Paris")]))

    assert "updated: 1" in output
    assert "skipped, edited on the platform since imported (kept): 1" in output
    organisation.refresh_from_db()
    assert organisation.name == "Institut de Biothérapie d’Évry"
    assert organisation.website == "https://www.ib-evry.example.org"
    assert (organisation.latitude, organisation.longitude) == (48.6291, 2.4411)
    assert organisation.city == "Évry-Courcouronnes"
    assert Organisation.objects.get(source_id=ror_row(2)["ror_id"]).city == "Paris"


def test_verified_records_are_kept(db, csv_file):
    run(csv_file([ror_row(1)]))
    # Without save(), so that only the verification keeps it.
    Organisation.objects.update(is_verified=True)

    output = run(csv_file([ror_row(1, name="Registry name", website="https://other.example")]))

    assert "updated: 0" in output
    assert "skipped, verified by staff (kept as verified): 1" in output
    organisation = Organisation.objects.get()
    assert organisation.name == "Institut de Biothérapie 1"
    assert organisation.website == "https://ib1.example.org"


def test_claimed_records_are_left_as_their_admins_edited_them(db, csv_file):
    run(csv_file([ror_row(1)]))
    organisation = Organisation.objects.get()
    MembershipFactory(organisation=organisation)
    Organisation.objects.filter(pk=organisation.pk).update(name="Our own name")

    output = run(csv_file([ror_row(1, name="Registry name", lat="50", lng="3")]))

    assert "skipped, claimed (kept as their admins edited them): 1" in output
    assert "updated: 0" in output
    assert "https://ror.org/0abcde101 Our own name: claimed; the file differs in" in output
    organisation.refresh_from_db()
    assert organisation.name == "Our own name"
    assert organisation.latitude == 48.63389


def test_the_report_lists_the_updated_and_the_kept_records(db, csv_file):
    run(csv_file([ror_row(n) for n in range(1, 5)]))
    MembershipFactory(organisation=Organisation.objects.get(source_id=ror_row(2)["ror_id"]))
    Organisation.objects.filter(source_id=ror_row(3)["ror_id"]).update(is_verified=True)
    Organisation.objects.filter(source_id=ror_row(4)["ror_id"]).update(is_verified=True)
    rows = [
        ror_row(1, name="Registry name", website="https://new.example.org"),
        ror_row(2),
        ror_row(3),
        ror_row(4, lat="50", lng="3"),
    ]

    output = run(csv_file(rows))

    assert output.split("Updated records (fields that changed):\n", 1)[1].startswith(
        "  https://ror.org/0abcde101 Registry name (was “Institut de Biothérapie 1”): "
        "name, website\n"
        "Kept records (not updated; those the file differs from first):\n"
        "  https://ror.org/0abcde404 Institut de Biothérapie 4: verified by staff; "
        "the file differs in latitude, longitude\n"
        "  https://ror.org/0abcde202 Institut de Biothérapie 2: claimed; same as the file\n"
        "  https://ror.org/0abcde303 Institut de Biothérapie 3: verified by staff; "
        "same as the file\n"
    )


def test_the_lists_of_records_are_capped(db, csv_file):
    run(csv_file([ror_row(n) for n in range(1, 54)]))

    output = run(csv_file([ror_row(n, city="Paris") for n in range(1, 54)]))

    assert "updated: 53" in output
    listed = output.split("Updated records (fields that changed):\n", 1)[1].splitlines()
    assert [line.endswith(": city") for line in listed[:50]] == [True] * 50
    assert listed[50] == "  … and 3 more"


def test_slugs_are_unique_and_avoid_reserved_ones(db, csv_file):
    OrganisationFactory(name="Biocell", slug="biocell")
    rows = [
        ror_row(1, name="Biocell"),
        ror_row(2, name="Biocell"),
        ror_row(3, name="Map"),
        ror_row(4, name="Клиника"),
    ]

    run(csv_file(rows))

    slugs = dict(Organisation.objects.filter(source="ror").values_list("source_id", "slug"))
    assert [slugs[row["ror_id"]] for row in rows] == [
        "biocell-2",
        "biocell-3",
        "map-2",
        "organisation",
    ]


def test_query_count_does_not_grow_with_the_rows(db, csv_file, django_assert_num_queries):
    # Reading the actor types, the existing records, the claims and the slugs; one insert
    # of organisations and one of their stages (on PostgreSQL); the savepoint pair.
    with django_assert_num_queries(9):
        run(csv_file([ror_row(n) for n in range(1, 3)]))
    Organisation.objects.all().delete()
    with django_assert_num_queries(9):
        run(csv_file([ror_row(n) for n in range(1, 40)]))
    assert Organisation.objects.count() == 39


# Rejected rows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"name": "  "}, "missing name"),
        ({"ror_id": ""}, "missing ROR id"),
        ({"ror_id": "https://example.org/123"}, "“https://example.org/123” is not a ROR id"),
        ({"country_code": "ZZ"}, "unknown country code “ZZ”"),
        ({"country_code": ""}, "missing country code"),
        ({"lat": "91"}, "latitude 91 is out of range (-90 to 90)"),
        ({"lng": "-180.5"}, "longitude -180.5 is out of range (-180 to 180)"),
        ({"lat": "north"}, "latitude “north” is not a number"),
        ({"lat": "nan"}, "latitude nan is out of range"),
        ({"lng": ""}, "latitude and longitude must be given together"),
        ({"established": "19th century"}, "bad founding year “19th century”"),
        ({"established": "3000"}, "bad founding year “3000”"),
        ({"name": "x" * 256}, "name longer than 255 characters"),
        ({"status": "withdrawn"}, "ROR status “withdrawn”, not active"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason_and_the_rest_imported(db, csv_file, values, reason):
    bad = ror_row(2, **values)
    output = run(csv_file([ror_row(1), bad, ror_row(3)]))

    assert "created: 2" in output
    assert "rejected: 1" in output
    assert f"line 3, {bad['ror_id'] or 'no ROR id'}: {reason}" in output
    assert Organisation.objects.count() == 2


def test_a_row_of_the_wrong_width_is_rejected(db, tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [ror_row(1)])
    with path.open("a", encoding="utf-8") as file:
        file.write("https://ror.org/0abcdef99,Short row\r\n")

    output = run(path)

    assert "line 3, https://ror.org/0abcdef99: 2 fields where the header has 24" in output
    assert Organisation.objects.count() == 1


def test_a_duplicate_ror_id_is_rejected(db, csv_file):
    output = run(csv_file([ror_row(1), ror_row(1, name="Again")]))

    assert "line 3, https://ror.org/0abcde101: duplicate of line 2" in output
    assert Organisation.objects.get().name == "Institut de Biothérapie 1"


def test_a_website_that_is_not_http_is_dropped_with_a_warning(db, csv_file):
    output = run(csv_file([ror_row(1, website="javascript:alert(1)"), ror_row(2, website="")]))

    assert "created: 2" in output
    assert "Warnings (imported):" in output
    assert "line 2, https://ror.org/0abcde101: website “javascript:alert(1)” dropped" in output
    assert set(Organisation.objects.values_list("website", flat=True)) == {""}


# Files that cannot be imported ---------------------------------------------------------


def test_a_wrong_header_names_the_missing_columns_and_changes_nothing(db, csv_file):
    OrganisationFactory()
    header = [column for column in HEADER if column not in ("lat", "country_code")]
    path = csv_file([ror_row(1)], header=header)

    with pytest.raises(CommandError, match="lacks the required column\\(s\\) country_code, lat;"):
        run(path)
    assert Organisation.objects.count() == 1


def test_broken_encoding_is_refused_with_its_line(db, tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [ror_row(1), ror_row(2)])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    with pytest.raises(CommandError, match="not valid UTF-8: line 2 has a byte \\(0xe9\\)"):
        run(path)
    assert not Organisation.objects.exists()


def test_a_byte_order_mark_is_accepted(db, tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [ror_row(1)])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    assert "created: 1" in run(path)


@pytest.mark.parametrize("content", [b"", b"\r\n"])
def test_an_empty_file_is_refused(db, tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="The file is empty"):
        run(path)


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nowhere.csv")


def test_malformed_csv_is_refused_with_its_line(db, tmp_path):
    path = write_csv(tmp_path / "orgs.csv", [ror_row(1)])
    path.write_bytes(path.read_bytes() + b'https://ror.org/0abcdef99,"Quoted"twice\r\n')

    with pytest.raises(CommandError, match="Line 3 is not valid CSV"):
        run(path)
    assert not Organisation.objects.exists()


def test_a_nul_character_rejects_the_row(db, csv_file):
    output = run(csv_file([ror_row(1, city="Ev\x00ry"), ror_row(2)]))

    assert "line 2, https://ror.org/0abcde101: contains a NUL character" in output
    assert Organisation.objects.count() == 1


# Strict mode, dry run, all or nothing ----------------------------------------------------


def test_strict_mode_imports_nothing_when_a_row_is_rejected(db, csv_file):
    out = io.StringIO()
    path = csv_file([ror_row(1), ror_row(2, name=""), ror_row(3)])

    with pytest.raises(CommandError, match="1 row\\(s\\) rejected and --strict given"):
        call_command("import_actors", str(path), strict=True, stdout=out, stderr=io.StringIO())
    assert "line 3, https://ror.org/0abcde202: missing name" in out.getvalue()
    assert not Organisation.objects.exists()


def test_strict_mode_imports_a_clean_file(db, csv_file):
    assert "created: 2" in run(csv_file([ror_row(1), ror_row(2)]), strict=True)
    with pytest.raises(ImportAborted):
        Importer().run(csv_file([ror_row(3, lat="100")]), strict=True)


def test_dry_run_reports_and_writes_nothing(db, csv_file):
    run(csv_file([ror_row(1)]))
    before = snapshot()

    output = run(csv_file([ror_row(1, name="Renamed"), ror_row(2)]), dry_run=True)

    assert "created: 1" in output
    assert "updated: 1" in output
    assert "https://ror.org/0abcde101 Renamed (was “Institut de Biothérapie 1”): name" in output
    assert "Dry run: nothing was written." in output
    assert snapshot() == before


def test_a_database_error_midway_leaves_nothing_written(db, csv_file, monkeypatch):
    # A row that passes every check but collides in the database: its slug is taken by an
    # organisation the importer did not see (as if created while it ran). The first batch
    # is already inserted when the second one fails.
    run(csv_file([ror_row(1)]))
    OrganisationFactory(name="Collider", slug="collider")
    before = snapshot()
    real_new_slug = Importer.new_slug
    monkeypatch.setattr(
        Importer,
        "new_slug",
        lambda self, name: "collider" if name == "Collider" else real_new_slug(self, name),
    )
    rows = [
        ror_row(1, name="Renamed"),
        ror_row(2),
        ror_row(3),
        ror_row(4, name="Collider"),
    ]

    with pytest.raises(IntegrityError):
        Importer(batch_size=2).run(csv_file(rows))

    assert snapshot() == before


def test_an_error_raised_inside_leaves_nothing_written(db, csv_file, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Organisation.objects, "bulk_update", fail)
    run(csv_file([ror_row(1)]))
    before = snapshot()

    with pytest.raises(RuntimeError):
        run(csv_file([ror_row(1, name="Renamed"), ror_row(2), ror_row(3)]))

    assert snapshot() == before
    assert Organisation.objects.count() == 1


def test_a_missing_fallback_type_is_refused(db, csv_file):
    ActorType.objects.filter(slug="academic-and-research").delete()

    with pytest.raises(CommandError, match="“academic-and-research”.*is missing"):
        run(csv_file([ror_row(1)]))


# Progress -------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_bar_shows_on_a_terminal_only(db, csv_file):
    path = csv_file([ror_row(n) for n in range(1, 5)])
    terminal, log = Terminal(), io.StringIO()

    Importer(progress=terminal).run(path, dry_run=True)
    Importer(progress=log).run(path, dry_run=True)

    assert "\rChecking rows [##############################] 100% 4/4" in terminal.getvalue()
    assert "\rSaving [##############################] 100% 4/4\n" in terminal.getvalue()
    assert log.getvalue() == ""


def test_the_progress_bar_draws_once_per_percent():
    terminal = Terminal()
    bar = ProgressBar(terminal, "Rows", 1000)
    for _ in range(1000):
        bar.advance()
    bar.close()

    assert terminal.getvalue().count("\r") == 101  # 0% to 100%
    assert terminal.getvalue().endswith("100% 1,000/1,000\n")


def test_the_command_explains_itself():
    from actors.management.commands.import_actors import Command

    text = Command().create_parser("manage.py", "import_actors").format_help()

    assert "--dry-run" in text
    assert "Import nothing if any row is rejected." in text


# The shipped subset ---------------------------------------------------------------------


def test_the_shipped_subset_is_the_life_sciences_rows():
    rows, width = read_rows(SHIPPED)

    assert width == len(HEADER)
    assert len(rows) == 5162
    assert {row["life_sciences_hint"] for _line, row in rows} == {"true"}
    assert len({row["ror_id"] for _line, row in rows}) == 5162


def test_importing_an_unreadable_path_raises_a_file_error(tmp_path):
    with pytest.raises(ImportFileError):
        read_rows(tmp_path)
