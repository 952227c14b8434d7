"""The actors' demo seed: the shipped ROR subset, the consortium, the fictional actors and
the demo member; a second run changes nothing."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from actors import demo
from actors.models import ActorType, MemberProfile, Membership, Organisation, ValueChainStage

EIT_HEALTH = "https://ror.org/035d8s815"
HCP = "https://ror.org/026cgcq38"


def seed():
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


@pytest.fixture
def small_subset(tmp_path, monkeypatch):
    """The shipped file's header and a few of its rows, two of them consortium members."""
    lines = demo.SUBSET.read_bytes().decode("utf-8").split("\r\n")
    kept = [lines[0], *lines[1:4]]
    kept += [line for line in lines if line.startswith((EIT_HEALTH + ",", HCP + ","))]
    path = tmp_path / "subset.csv"
    path.write_text("\r\n".join(kept) + "\r\n", encoding="utf-8")
    monkeypatch.setattr(demo, "SUBSET", path)
    return path


def snapshot():
    return {
        "organisations": list(
            Organisation.objects.order_by("pk").values_list(
                "pk", "slug", "name", "description", "actor_type_id", "updated_at", "is_verified"
            )
        ),
        "stages": list(Organisation.stages.through.objects.order_by("pk").values_list()),
        "technologies": list(
            Organisation.technologies.through.objects.order_by("pk").values_list()
        ),
        "memberships": list(Membership.objects.values_list("pk", "user_id", "organisation_id")),
        "users": list(get_user_model().objects.values_list("pk", "password")),
        "profiles": MemberProfile.objects.count(),
        "emails": EmailAddress.objects.count(),
    }


def test_seed_imports_the_shipped_subset_and_a_second_run_changes_nothing(db):
    first = seed()
    before = snapshot()
    second = seed()

    imported = Organisation.objects.filter(source="ror")
    # 5,162 rows (3 of them in Kosovo, XK, which the settings add to django-countries);
    # Genopole is the one ROR record from outside the subset.
    assert imported.count() == 5162 + 1
    assert "ROR life-sciences subset: 5,162 created, 0 found" in first
    assert "left out" not in first
    assert "ROR life-sciences subset: 0 created, 5,162 found" in second
    assert "COBIOE consortium: found Genopole, CEBR, EIT Health" in second
    assert "Fictional demo organisations: found Helixa" in second
    assert f"Demo member account '{demo.MEMBER_EMAIL}': found" in second
    assert snapshot() == before
    assert Organisation.objects.published().count() == 5163 + 2 + 8


def test_consortium_members_in_the_registry_are_enriched_not_duplicated(db, small_subset):
    output = seed()

    assert "COBIOE consortium: created Genopole, CEBR, ScanBalt" in output
    assert "enriched EIT Health, Health Cluster Portugal" in output
    eit = Organisation.objects.get(name="EIT Health")
    assert eit.source_id == EIT_HEALTH
    assert eit.actor_type.slug == "cluster-and-network"
    assert "European Institute of Innovation and Technology" in eit.description
    assert eit.is_verified
    assert set(eit.stages.values_list("slug", flat=True)) == {
        "training",
        "research-and-development",
        "patient-access",
    }
    assert Organisation.objects.filter(source_id=HCP).get().acronym == "HCP"
    genopole = Organisation.objects.get(slug="genopole")
    assert (genopole.source, genopole.source_id) == ("ror", "https://ror.org/0380k9k47")
    assert genopole.is_published and genopole.is_verified
    assert genopole.verified_at is not None
    assert Organisation.objects.filter(is_verified=True).count() == 5


def test_an_import_of_the_full_file_finds_the_consortium_records(db, small_subset, tmp_path):
    from actors.importer import Importer

    seed()
    lines = small_subset.read_bytes().decode("utf-8").split("\r\n")
    genopole_row = (
        "https://ror.org/0380k9k47,Genopole (France),,,,company,active,FR,France,EU,"
        "Évry-Courcouronnes,Île-de-France,48.63389,2.44417,http://www.genopole.fr,,1998,,"
        "grid.434726.0,,v1.39,1,false,"
    )
    full = tmp_path / "full.csv"
    full.write_text("\r\n".join([*lines[:-1], genopole_row, ""]), encoding="utf-8")

    report = Importer().run(full)

    assert report.created == 0
    assert Organisation.objects.filter(source_id="https://ror.org/0380k9k47").count() == 1
    genopole = Organisation.objects.get(slug="genopole")
    assert genopole.actor_type.slug == "cluster-and-network"  # the seed's, kept
    assert "biocluster" in genopole.description


def test_a_full_import_leaves_the_verified_consortium_records_as_seeded(db, small_subset, tmp_path):
    from actors.importer import Importer

    seed()
    eit = Organisation.objects.get(source_id=EIT_HEALTH)
    lines = small_subset.read_bytes().decode("utf-8").split("\r\n")
    # The full extract's row, and EIT Health's with the registry's values changed.
    genopole_row = (
        "https://ror.org/0380k9k47,Genopole (France),,,,company,active,FR,France,EU,"
        "Évry-Courcouronnes,Île-de-France,48.63389,2.44417,"
        "http://www.genopole.fr/?lang=en#.VxRiTtR97IU,,1998,,grid.434726.0,,v1.39,1,false,"
    )
    rows = [
        line.replace(f"{EIT_HEALTH},{eit.name},", f"{EIT_HEALTH},EIT Health e.V.,")
        for line in lines[:-1]
    ]
    full = tmp_path / "full.csv"
    full.write_text("\r\n".join([*rows, genopole_row, ""]), encoding="utf-8")

    report = Importer().run(full)

    assert report.updated == 0
    assert report.verified == 3  # Genopole, EIT Health, Health Cluster Portugal
    genopole = Organisation.objects.get(slug="genopole")
    assert (genopole.name, genopole.website) == ("Genopole", "https://www.genopole.fr")
    assert Organisation.objects.get(source_id=EIT_HEALTH).name == "EIT Health"


def test_fictional_organisations_say_so_and_cover_the_chain(db, small_subset):
    seed()

    fictional = Organisation.objects.filter(source="demo")
    assert fictional.count() == 8
    for organisation in fictional:
        assert organisation.description.startswith(
            "<p><strong>Fictional organisation, made up for the demo site.</strong></p>"
        )
        assert organisation.name.endswith("(demo)")
        assert organisation.is_published
        assert not organisation.is_verified
    top_stages = {
        stage.parent.slug if stage.parent else stage.slug
        for organisation in fictional
        for stage in organisation.stages.all()
    }
    assert top_stages == {
        "training",
        "research-and-development",
        "industrialisation",
        "production",
        "post-market",
    }
    assert fictional.filter(
        stages__parent__slug="production", technologies__slug="cell-therapy"
    ).exists()


def test_the_demo_member_is_verified_and_admin_of_a_demo_organisation(db, small_subset, client):
    output = seed()

    assert (
        f"Demo member: {settings.WAGTAILADMIN_BASE_URL}/accounts/login/ — "
        "email member@cobioe.example, password cobioe-demo-member\n" in output
    )
    user = get_user_model().objects.get(email=demo.MEMBER_EMAIL)
    assert EmailAddress.objects.get(user=user).verified
    organisation = Organisation.objects.get(slug=demo.MEMBER_ORGANISATION)
    assert organisation.can_edit(user)
    assert MemberProfile.objects.get(user=user).organisation == organisation
    response = client.post(
        "/accounts/login/", {"login": demo.MEMBER_EMAIL, "password": demo.MEMBER_DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_changed_member_password_is_not_printed(db, small_subset):
    seed()
    user = get_user_model().objects.get(email=demo.MEMBER_EMAIL)
    user.set_password("something-else-entirely")
    user.save()

    assert "password left unchanged (not the demo default)" in seed()


def test_seed_demo_runs_the_actors_seed(db, small_subset):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert "Actors demo content:" in out.getvalue()
    helixa = Organisation.objects.get(slug=demo.MEMBER_ORGANISATION)
    # The site's admin verified the consortium.
    assert Organisation.objects.get(slug="cebr").verified_by.is_superuser
    assert helixa.certifications.filter(slug="gmp").exists()


def test_the_seed_works_after_a_flush_emptied_the_vocabularies(db, small_subset):
    ActorType.objects.all().delete()
    ValueChainStage.objects.filter(parent__isnull=False).delete()
    ValueChainStage.objects.all().delete()

    seed()

    helixa = Organisation.objects.get(slug=demo.MEMBER_ORGANISATION)
    assert set(helixa.stages.values_list("slug", flat=True)) == {
        "clinical-manufacturing",
        "commercial-manufacturing",
        "quality-control",
    }
    assert ActorType.objects.get(slug="large-company").default_stages.count() == 3
