"""The actors' models: vocabularies from the data migration, organisations' rules,
memberships' constraints, and the querysets every public output relies on."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors.factories import MembershipFactory, OrganisationFactory
from actors.models import (
    RESERVED_SLUGS,
    ActorType,
    Certification,
    MemberProfile,
    Membership,
    Organisation,
    Technology,
    ValueChainStage,
)

pytestmark = pytest.mark.django_db


def test_value_chain_is_seeded_with_its_five_stages_in_order():
    stages = list(ValueChainStage.objects.top_level().values_list("name", flat=True))
    assert stages == [
        "Training",
        "Research and development",
        "Industrialisation of processes",
        "Production",
        "Post-market",
    ]
    post_market = ValueChainStage.objects.get(slug="post-market")
    assert set(post_market.children.values_list("name", flat=True)) == {
        "Regulation",
        "Health systems and sustainability",
        "Patient access",
    }


def test_technologies_actor_types_and_certifications_are_seeded():
    assert Technology.objects.get(slug="cell-therapy").parent.slug == "innovative-therapies"
    assert Technology.objects.get(slug="vaccines").parent.slug == "biotech-medicines"
    assert ActorType.objects.count() == 11
    assert ActorType.objects.get(slug="cdmo-cmo").name == "CDMO / CMO"
    assert Certification.objects.filter(slug="gmp").exists()


def test_imported_types_map_to_actor_types():
    healthcare = ActorType.objects.get(source_types__contains="healthcare")
    assert healthcare.slug == "hospital-and-clinical-centre"
    assert healthcare.source_type_list() == ["healthcare"]
    assert list(healthcare.default_stages.values_list("slug", flat=True).order_by("slug")) == [
        "clinical-research",
        "patient-access",
    ]


def test_a_sub_stage_cannot_have_sub_stages():
    fill_and_finish = ValueChainStage.objects.get(slug="fill-and-finish")
    deeper = ValueChainStage(name="Vials", slug="vials", parent=fill_and_finish)
    with pytest.raises(ValidationError) as error:
        deeper.full_clean()
    assert "parent" in error.value.message_dict


def test_description_is_sanitised_on_save():
    organisation = OrganisationFactory(
        description='<p onclick="x()">Cells <script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://ok.example">ok</a></p>'
    )
    organisation.refresh_from_db()
    assert "<script" not in organisation.description
    assert "onclick" not in organisation.description
    assert "javascript:" not in organisation.description
    assert 'href="https://ok.example"' in organisation.description


def test_search_text_holds_the_searchable_fields_in_lower_case():
    organisation = OrganisationFactory(
        name="Genopole", acronym="GNP", city="Évry", capabilities="Viral VECTORS"
    )
    assert "genopole" in organisation.search_text
    assert "gnp" in organisation.search_text
    assert "viral vectors" in organisation.search_text
    organisation.city = "Paris"
    organisation.save(update_fields=["city"])
    organisation.refresh_from_db()
    assert "paris" in organisation.search_text


def test_slugs_are_unique_and_never_take_a_reserved_path():
    first = OrganisationFactory(name="Map")
    second = OrganisationFactory(name="Map")
    assert first.slug not in RESERVED_SLUGS
    assert first.slug != second.slug
    assert OrganisationFactory(name="Value chain").slug == "value-chain-2"


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91, 2), (-90.5, 2), (45, 181), (45, -180.1)],
)
def test_coordinates_out_of_range_are_refused(latitude, longitude):
    organisation = OrganisationFactory.build(
        latitude=latitude, longitude=longitude, actor_type=ActorType.objects.first()
    )
    with pytest.raises(ValidationError):
        organisation.full_clean()


def test_the_database_also_refuses_coordinates_out_of_range():
    organisation = OrganisationFactory()
    organisation.latitude = 120
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()


def test_half_a_position_is_refused():
    organisation = OrganisationFactory.build(
        latitude=45, longitude=None, actor_type=ActorType.objects.first()
    )
    with pytest.raises(ValidationError):
        organisation.full_clean()


def test_a_website_must_be_a_web_address():
    organisation = OrganisationFactory.build(
        website="javascript:alert(1)", actor_type=ActorType.objects.first()
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "website" in error.value.message_dict


def test_source_ids_are_unique_per_source():
    OrganisationFactory(source="ror", source_id="https://ror.org/0abc")
    OrganisationFactory(source="demo", source_id="https://ror.org/0abc")
    OrganisationFactory(source="ror", source_id="")
    OrganisationFactory(source="ror", source_id="")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(source="ror", source_id="https://ror.org/0abc")


def test_published_excludes_drafts_pending_rejected_and_merged():
    public = OrganisationFactory()
    for status in ("draft", "pending", "rejected"):
        OrganisationFactory(status=status)
    OrganisationFactory(merged_into=public)
    assert list(Organisation.objects.published()) == [public]


def test_visible_to_shows_a_draft_to_its_members_and_staff_only():
    draft = OrganisationFactory(status="draft")
    member = MembershipFactory(organisation=draft, role=Membership.Role.MEMBER).user
    invited = MembershipFactory(organisation=draft, state=Membership.State.INVITED).user
    stranger = VerifiedUserFactory()
    staff = VerifiedUserFactory(is_staff=True)
    assert draft in Organisation.objects.visible_to(member)
    assert draft in Organisation.objects.visible_to(staff)
    assert draft not in Organisation.objects.visible_to(stranger)
    assert draft not in Organisation.objects.visible_to(invited)


def test_only_active_admins_can_edit():
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation).user
    member = MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user
    invited_admin = MembershipFactory(
        organisation=organisation, state=Membership.State.INVITED
    ).user
    assert organisation.can_edit(admin)
    assert not organisation.can_edit(member)
    assert not organisation.can_edit(invited_admin)
    assert not organisation.can_edit(VerifiedUserFactory())
    assert list(Organisation.objects.administered_by(admin)) == [organisation]


def test_an_organisation_has_one_membership_per_person_and_may_have_several_admins():
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation)
    MembershipFactory(organisation=organisation)
    assert organisation.memberships.admins().count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=organisation, user=first.user)


def test_an_invitation_names_a_user_or_an_email():
    organisation = OrganisationFactory()
    Membership.objects.create(
        organisation=organisation, email="new@example.org", state=Membership.State.INVITED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(organisation=organisation, state=Membership.State.INVITED)


def test_profiles_not_confirmed_for_twelve_months_are_stale():
    now = timezone.now()
    fresh = OrganisationFactory(last_confirmed_at=now - timedelta(days=300))
    stale = OrganisationFactory(last_confirmed_at=now - timedelta(days=400))
    assert list(Organisation.objects.stale()) == [stale]
    assert stale.is_stale() and not fresh.is_stale()
    stale.confirm()
    assert not Organisation.objects.stale().exists()


def test_at_stage_includes_sub_stages():
    at_fill_and_finish = OrganisationFactory(stages=["fill-and-finish"])
    at_production = OrganisationFactory(stages=["production", "quality-control"])
    OrganisationFactory(stages=["training"])
    production = ValueChainStage.objects.get(slug="production")
    assert set(Organisation.objects.at_stage(production)) == {at_fill_and_finish, at_production}


def test_member_profile_is_created_on_first_use():
    user = VerifiedUserFactory()
    profile = MemberProfile.for_user(user)
    assert profile == MemberProfile.for_user(user)
    assert not profile.listed_in_directory
