"""Joining the map: finding an organisation, creating one step by step, claiming one,
who may manage a profile, and the dashboard panel."""

import io
import os

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from accounts.factories import VerifiedUserFactory
from actors.factories import (
    ClaimFactory,
    MembershipFactory,
    OrganisationFactory,
)
from actors.models import (
    ActorType,
    Claim,
    Membership,
    Organisation,
    Technology,
    ValueChainStage,
)

pytestmark = pytest.mark.django_db

Status = Organisation.Status


def png(width=40, height=20, noise=False, name="logo.png"):
    if noise:
        image = PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = PILImage.new("RGB", (width, height), (11, 60, 104))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def identity(**overrides):
    data = {
        "name": "Cellforge",
        "acronym": "CF",
        "actor_type": ActorType.objects.get(slug="cdmo-cmo").pk,
        "country": "BE",
        "website": "https://cellforge.example.org",
        "description": "<p>Viral vectors at <strong>scale</strong>.</p>",
        "size_band": "10-49",
        "year_founded": "2015",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(client):
    user = VerifiedUserFactory(email="ada@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def draft(member):
    organisation = OrganisationFactory(name="Draft Bio", status=Status.DRAFT)
    MembershipFactory(organisation=organisation, user=member)
    return organisation


# Finding ------------------------------------------------------------------------------


def test_join_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/actors/join/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_join_finds_published_organisations_by_name_or_acronym_and_offers_to_claim(client, member):
    found = OrganisationFactory(name="Genopole Biocluster", acronym="GNP")
    OrganisationFactory(name="Genopole Draft", status=Status.DRAFT)

    by_name = client.get("/actors/join/", {"q": "genopole"}).content.decode()
    by_acronym = client.get("/actors/join/", {"q": "gnp"}).content.decode()

    assert "Genopole Biocluster" in by_name
    assert f'href="/actors/{found.slug}/claim/"' in by_name
    assert "Genopole Draft" not in by_name
    assert "Genopole Biocluster" in by_acronym
    assert 'href="/actors/new/?name=genopole"' in by_name


def test_join_shows_ten_organisations_at_most_and_asks_to_narrow(client, member):
    OrganisationFactory.create_batch(12, name=factory.Sequence(lambda n: f"Bioworks {n:03d}"))

    html = client.get("/actors/join/", {"q": "Bioworks"}).content.decode()

    assert html.count("Claim it") == 10
    assert "Only the first 10 are shown" in html


def test_join_without_matches_says_so_and_offers_creation(client, member):
    html = client.get("/actors/join/", {"q": "nothing like it"}).content.decode()

    assert "No organisation on the map matches this name." in html
    assert "Create a new organisation" in html


# Creating -----------------------------------------------------------------------------


def test_creating_saves_a_draft_with_the_creator_as_its_admin(client, member):
    response = client.post("/actors/new/", identity())

    organisation = Organisation.objects.get(name="Cellforge")
    assert response.status_code == 302
    assert response["Location"] == f"/actors/manage/{organisation.slug}/location/"
    assert organisation.status == Status.DRAFT
    assert organisation.country == "BE"
    membership = organisation.memberships.get()
    assert (membership.user, membership.role, membership.state) == (
        member,
        Membership.Role.ADMIN,
        Membership.State.ACTIVE,
    )
    assert not Organisation.objects.published().filter(pk=organisation.pk).exists()


def test_an_organisation_called_me_does_not_take_the_member_profile_path(client, member):
    client.post("/actors/new/", identity(name="ME"))

    organisation = Organisation.objects.get()
    assert organisation.slug == "me-2"
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_creation_page_is_the_first_of_four_steps(client, member):
    html = client.get("/actors/new/", {"name": "Cellforge"}).content.decode()

    assert "<h1>Put your organisation on the map</h1>" in html
    assert 'aria-current="step"' in html
    assert 'value="Cellforge"' in html
    assert 'enctype="multipart/form-data"' in html


def test_creating_requires_sign_in(client):
    response = client.post("/actors/new/", identity())

    assert response.status_code == 302
    assert not Organisation.objects.exists()


def test_a_name_already_published_in_the_country_is_refused_with_a_link_to_claim_it(client, member):
    existing = OrganisationFactory(name="CellForge", country="BE")

    response = client.post("/actors/new/", identity(name="cellforge"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "is already on the map in this country" in html
    assert f'<a href="/actors/{existing.slug}/claim/">ask to claim it</a>' in html
    assert Organisation.objects.count() == 1


def test_the_same_name_in_another_country_is_accepted(client, member):
    OrganisationFactory(name="Cellforge", country="FR")

    client.post("/actors/new/", identity(country="BE"))

    assert Organisation.objects.filter(name="Cellforge").count() == 2


def test_a_draft_of_the_same_name_does_not_block_others(client, member):
    OrganisationFactory(name="Cellforge", country="BE", status=Status.DRAFT)

    client.post("/actors/new/", identity())

    assert Organisation.objects.filter(name="Cellforge").count() == 2


def test_creating_the_same_organisation_twice_is_refused(client, member):
    client.post("/actors/new/", identity())
    response = client.post("/actors/new/", identity())

    assert "You have already started a profile with this name" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_javascript_website_is_refused_with_a_message(client, member):
    response = client.post("/actors/new/", identity(website="javascript:alert(1)"))

    assert "Enter a web address that starts with http:// or https://." in (
        response.content.decode()
    )
    assert not Organisation.objects.exists()


def test_text_fields_keep_what_was_typed_and_show_it_escaped(client, member):
    client.post(
        "/actors/new/",
        identity(
            name="<script>alert('x')</script> Labs",
            description='<p onclick="x()">Hi</p><script>alert(1)</script>',
        ),
    )

    organisation = Organisation.objects.get()
    assert organisation.name == "<script>alert('x')</script> Labs"
    assert "<script" not in organisation.description
    assert "onclick" not in organisation.description
    html = client.get(f"/actors/manage/{organisation.slug}/").content.decode()
    assert "<script>alert('x')" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Labs" in html


def test_a_logo_is_stored_as_a_wagtail_image_in_the_root_collection(client, member):
    client.post("/actors/new/", {**identity(), "logo_file": png()})

    organisation = Organisation.objects.get()
    assert organisation.logo is not None
    assert organisation.logo.collection == Collection.get_first_root_node()
    assert organisation.logo.uploaded_by_user == member
    assert organisation.logo.width == 40


def test_a_text_file_named_png_is_refused_as_a_logo(client, member):
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")

    response = client.post("/actors/new/", {**identity(), "logo_file": fake})

    assert "This file is not an image we can read." in response.content.decode()
    assert not Organisation.objects.exists()
    assert not get_image_model().objects.exists()


def test_a_logo_over_two_megabytes_is_refused(client, member):
    big = png(1000, 1000, noise=True)
    assert big.size > 2 * 1024 * 1024

    response = client.post("/actors/new/", {**identity(), "logo_file": big})

    assert "A logo may be at most 2.0" in response.content.decode()
    assert not Organisation.objects.exists()


def test_creating_without_a_name_or_type_shows_the_errors_and_saves_nothing(client, member):
    response = client.post("/actors/new/", identity(name="", actor_type=""))

    html = response.content.decode()
    assert "Nothing was saved" in html
    assert html.count("This field is required.") == 2
    assert not Organisation.objects.exists()


# The steps ----------------------------------------------------------------------------


def test_location_step_saves_city_and_coordinates_then_goes_on(client, draft):
    url = f"/actors/manage/{draft.slug}/location/"

    response = client.post(url, {"city": "Gent", "latitude": "51.05", "longitude": "3.72"})

    draft.refresh_from_db()
    assert response["Location"] == f"/actors/manage/{draft.slug}/value-chain/"
    assert (draft.city, draft.latitude, draft.longitude) == ("Gent", 51.05, 3.72)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"latitude": "91", "longitude": "3"}, "The latitude must be between -90 and 90 degrees."),
        (
            {"latitude": "50", "longitude": "-181"},
            "The longitude must be between -180 and 180 degrees.",
        ),
        ({"latitude": "north", "longitude": "3"}, "Enter the latitude as a number of degrees"),
        ({"latitude": "50", "longitude": ""}, "Give both the latitude and the longitude"),
    ],
)
def test_bad_coordinates_are_refused_with_a_clear_message(client, draft, data, message):
    before = (draft.city, draft.latitude, draft.longitude)

    response = client.post(f"/actors/manage/{draft.slug}/location/", {"city": "Elsewhere", **data})

    draft.refresh_from_db()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (draft.city, draft.latitude, draft.longitude) == before


def test_value_chain_step_groups_stages_and_technologies_and_saves_them(client, draft):
    url = f"/actors/manage/{draft.slug}/value-chain/"
    production = ValueChainStage.objects.get(slug="production")
    fill = ValueChainStage.objects.get(slug="fill-and-finish")
    cell = Technology.objects.get(slug="cell-therapy")

    html = client.get(url).content.decode()
    response = client.post(url, {"stages": [production.pk, fill.pk], "technologies": [cell.pk]})

    assert "<legend>Production</legend>" in html
    assert "Production, in general" in html
    assert "<legend>Innovative therapies</legend>" in html
    family = Technology.objects.get(slug="innovative-therapies")
    assert f'name="technologies" value="{family.pk}"' not in html
    assert f'name="technologies" value="{cell.pk}"' in html
    assert response["Location"] == f"/actors/manage/{draft.slug}/offers/"
    assert set(draft.stages.values_list("slug", flat=True)) == {"production", "fill-and-finish"}
    assert list(draft.technologies.values_list("slug", flat=True)) == ["cell-therapy"]


def test_a_technology_family_cannot_be_chosen_directly(client, draft):
    family = Technology.objects.get(slug="innovative-therapies")

    response = client.post(
        f"/actors/manage/{draft.slug}/value-chain/", {"technologies": [family.pk]}
    )

    assert "Select a valid choice." in response.content.decode()
    assert not draft.technologies.exists()


def test_offers_step_saves_and_returns_to_the_overview(client, draft):
    response = client.post(
        f"/actors/manage/{draft.slug}/offers/",
        {
            "capabilities": "Lentiviral vectors",
            "seeks": "<script>alert(1)</script> partners",
            "partner_contact_email": "partners@example.org",
        },
    )

    draft.refresh_from_db()
    assert response["Location"] == f"/actors/manage/{draft.slug}/"
    assert draft.capabilities == "Lentiviral vectors"
    assert draft.seeks == "<script>alert(1)</script> partners"
    html = client.get(f"/actors/manage/{draft.slug}/offers/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; partners" in html


def test_identity_step_edits_and_can_remove_the_logo(client, draft):
    client.post(f"/actors/manage/{draft.slug}/identity/", {**identity(), "logo_file": png()})
    draft.refresh_from_db()
    assert draft.logo is not None
    assert (
        "The current logo" in client.get(f"/actors/manage/{draft.slug}/identity/").content.decode()
    )

    client.post(f"/actors/manage/{draft.slug}/identity/", {**identity(), "remove_logo": "on"})

    draft.refresh_from_db()
    assert draft.name == "Cellforge"
    assert draft.logo is None


def test_identity_step_may_keep_its_own_name(client, member):
    published = OrganisationFactory(name="Cellforge", country="BE")
    MembershipFactory(organisation=published, user=member)

    response = client.post(f"/actors/manage/{published.slug}/identity/", identity(acronym="CFG"))

    published.refresh_from_db()
    assert response.status_code == 302
    assert published.acronym == "CFG"


def test_a_refused_form_does_not_show_its_bad_values_as_the_organisation_name(client, draft):
    response = client.post(
        f"/actors/manage/{draft.slug}/identity/", identity(name="New Name", website="ftp://x")
    )

    html = response.content.decode()
    assert '<p class="eyebrow">Draft Bio</p>' in html
    draft.refresh_from_db()
    assert draft.name == "Draft Bio"


def test_unknown_step_is_404(client, draft):
    assert client.get(f"/actors/manage/{draft.slug}/nonsense/").status_code == 404


def test_editing_a_published_profile_goes_live_at_once_and_says_so(client, member):
    published = OrganisationFactory(city="Paris")
    MembershipFactory(organisation=published, user=member)
    url = f"/actors/manage/{published.slug}/location/"

    page = client.get(url).content.decode()
    response = client.post(
        url, {"city": "Lyon", "latitude": "45.76", "longitude": "4.84"}, follow=True
    )

    published.refresh_from_db()
    assert "what you save here is live on the public profile at once" in page
    assert "Your changes are live on the public profile." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/actors/manage/{published.slug}/"
    assert published.city == "Lyon"
    assert published.status == Status.PUBLISHED


# Submitting for review ----------------------------------------------------------------


def test_a_draft_off_the_value_chain_cannot_be_submitted(client, draft):
    response = client.post(f"/actors/manage/{draft.slug}/submit/", follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert "at least one stage" in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED])
def test_submitting_sends_a_draft_or_rejected_profile_for_review(client, member, status):
    organisation = OrganisationFactory(status=status, stages=["production"])
    MembershipFactory(organisation=organisation, user=member)

    client.post(f"/actors/manage/{organisation.slug}/submit/")

    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING


def test_submitting_a_published_profile_changes_nothing(client, member):
    organisation = OrganisationFactory(stages=["production"])
    MembershipFactory(organisation=organisation, user=member)

    client.post(f"/actors/manage/{organisation.slug}/submit/")

    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED


def test_submit_refuses_get(client, draft):
    assert client.get(f"/actors/manage/{draft.slug}/submit/").status_code == 405


def test_overview_of_a_rejected_profile_shows_the_reason_and_how_to_resubmit(client, member):
    organisation = OrganisationFactory(
        status=Status.REJECTED, rejection_reason="Not a <b>health</b> actor."
    )
    MembershipFactory(organisation=organisation, user=member)

    html = client.get(f"/actors/manage/{organisation.slug}/").content.decode()

    assert "Not a &lt;b&gt;health&lt;/b&gt; actor." in html
    assert "Send for review again" in html


# Who may manage -----------------------------------------------------------------------

MANAGE_PATHS = ["", "identity/", "location/", "value-chain/", "offers/", "members/"]


@pytest.mark.parametrize("suffix", MANAGE_PATHS)
def test_a_non_member_cannot_see_a_draft(client, suffix):
    organisation = OrganisationFactory(status=Status.DRAFT)
    MembershipFactory(organisation=organisation)
    client.force_login(VerifiedUserFactory())

    assert client.get(f"/actors/manage/{organisation.slug}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", MANAGE_PATHS)
def test_a_member_who_is_not_admin_cannot_edit(client, suffix):
    organisation = OrganisationFactory(status=Status.DRAFT, city="Paris")
    user = VerifiedUserFactory()
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.MEMBER)
    client.force_login(user)

    response = client.get(f"/actors/manage/{organisation.slug}/{suffix}")

    assert response.status_code == 403
    assert "Only its admins can manage this profile" in response.content.decode()


def test_a_member_who_is_not_admin_cannot_post_changes(client):
    organisation = OrganisationFactory(status=Status.DRAFT, city="Paris", stages=["production"])
    user = VerifiedUserFactory()
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.MEMBER)
    client.force_login(user)

    step = client.post(f"/actors/manage/{organisation.slug}/location/", {"city": "Lyon"})
    submit = client.post(f"/actors/manage/{organisation.slug}/submit/")

    organisation.refresh_from_db()
    assert (step.status_code, submit.status_code) == (403, 403)
    assert (organisation.city, organisation.status) == ("Paris", Status.DRAFT)


def test_a_non_member_cannot_edit_a_published_profile(client):
    organisation = OrganisationFactory(city="Paris")
    client.force_login(VerifiedUserFactory())

    response = client.post(f"/actors/manage/{organisation.slug}/location/", {"city": "Lyon"})

    organisation.refresh_from_db()
    assert response.status_code == 403
    assert organisation.city == "Paris"


def test_an_invited_admin_cannot_manage_before_accepting(client):
    organisation = OrganisationFactory(status=Status.DRAFT)
    user = VerifiedUserFactory()
    MembershipFactory(organisation=organisation, user=user, state=Membership.State.INVITED)
    client.force_login(user)

    assert client.get(f"/actors/manage/{organisation.slug}/").status_code == 404


def test_manage_pages_ask_anonymous_visitors_to_sign_in(client, draft):
    client.logout()

    response = client.get(f"/actors/manage/{draft.slug}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Claiming -----------------------------------------------------------------------------


def test_claiming_an_imported_organisation_creates_a_pending_claim(client, member):
    organisation = OrganisationFactory(source="ror", source_id="https://ror.org/x")
    url = f"/actors/{organisation.slug}/claim/"

    page = client.get(url)
    response = client.post(url, {"message": "I lead its <b>QC</b> lab."}, follow=True)

    claim = Claim.objects.get()
    assert page.status_code == 200
    assert (claim.organisation, claim.user, claim.status) == (
        organisation,
        member,
        Claim.Status.PENDING,
    )
    assert claim.message == "I lead its <b>QC</b> lab."
    assert "Your claim of" in response.content.decode()


def test_a_member_cannot_claim_their_own_organisation(client, member):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=member, role=Membership.Role.MEMBER)

    response = client.post(f"/actors/{organisation.slug}/claim/", {"message": "me"}, follow=True)

    assert "You are already a member of" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_second_claim_while_one_is_pending_is_refused(client, member):
    claim = ClaimFactory(user=member)

    response = client.post(
        f"/actors/{claim.organisation.slug}/claim/", {"message": "again"}, follow=True
    )

    assert "You have already asked to claim" in response.content.decode()
    assert Claim.objects.count() == 1


def test_a_new_claim_after_a_refused_one_is_accepted(client, member):
    old = ClaimFactory(user=member, status=Claim.Status.REFUSED)

    client.post(f"/actors/{old.organisation.slug}/claim/", {"message": "I am back"})

    assert Claim.objects.filter(status=Claim.Status.PENDING).count() == 1


def test_only_published_organisations_can_be_claimed(client, member):
    organisation = OrganisationFactory(status=Status.PENDING)

    assert client.get(f"/actors/{organisation.slug}/claim/").status_code == 404
    assert client.post(f"/actors/{organisation.slug}/claim/", {"message": "x"}).status_code == 404
    assert not Claim.objects.exists()


def test_claiming_requires_sign_in(client):
    organisation = OrganisationFactory()

    response = client.post(f"/actors/{organisation.slug}/claim/", {"message": "x"})

    assert response.status_code == 302
    assert not Claim.objects.exists()


def test_claim_page_says_when_the_profile_already_has_admins(client, member):
    organisation = MembershipFactory().organisation

    html = client.get(f"/actors/{organisation.slug}/claim/").content.decode()

    assert "This profile already has admins" in html


# The dashboard panel ------------------------------------------------------------------


def render_panel(user):
    request = RequestFactory().get("/dashboard/")
    request.user = user
    return render_to_string("actors/dashboard_panel.html", request=request)


def test_panel_without_organisations_invites_to_join(member):
    html = render_panel(member)

    assert 'href="/actors/join/"' in html
    assert 'href="/actors/me/"' in html
    assert "Put your organisation on the map" in html


def test_panel_says_what_to_do_next_for_each_status(member):
    draft = OrganisationFactory(
        name="A draft", status=Status.DRAFT, city="", latitude=None, longitude=None
    )
    pending = OrganisationFactory(name="B pending", status=Status.PENDING)
    rejected = OrganisationFactory(
        name="C rejected", status=Status.REJECTED, rejection_reason="Out of <i>scope</i>"
    )
    published = OrganisationFactory(name="D published")
    stale = OrganisationFactory(name="E stale", last_confirmed_at="2020-01-01T00:00Z")
    member_of = OrganisationFactory(name="F member of")
    for organisation in (draft, pending, rejected, published, stale):
        MembershipFactory(organisation=organisation, user=member)
    MembershipFactory(organisation=member_of, user=member, role=Membership.Role.MEMBER)
    ClaimFactory(user=member, organisation=OrganisationFactory(name="G claimed"))

    html = render_panel(member)

    assert f'href="/actors/manage/{draft.slug}/location/"' in html
    assert "Waiting for review by the COBIOE team." in html
    assert "Out of &lt;i&gt;scope&lt;/i&gt;" in html
    assert "Edit and resubmit" in html
    assert f'href="/actors/{published.slug}/"' in html
    assert f'action="/actors/manage/{stale.slug}/confirm/"' in html
    assert html.count("confirm it is up to date") == 1
    assert f'action="/actors/manage/{member_of.slug}/leave/"' in html
    assert "G claimed: asked on" in html


def test_panel_lists_invitations_with_a_link_to_answer_them(member):
    organisation = OrganisationFactory(name="Invites Inc")
    MembershipFactory(
        organisation=organisation,
        user=None,
        email="ADA@example.org",
        state=Membership.State.INVITED,
        role=Membership.Role.MEMBER,
    )

    html = render_panel(member)

    assert "Invites Inc invites you to join as: Member." in html
    assert 'href="/actors/invitations/' in html


def test_panel_query_count_does_not_grow_with_the_organisations(member, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            MembershipFactory(user=member, organisation=OrganisationFactory(status=Status.DRAFT))
            MembershipFactory(
                user=member, organisation=OrganisationFactory(), state=Membership.State.INVITED
            )
            ClaimFactory(user=member)

    add(1)
    with django_assert_num_queries(2):
        render_panel(member)
    add(15)
    with django_assert_num_queries(2):
        html = render_panel(member)
    assert html.count("Answer the invitation") == 16


def test_dashboard_includes_the_panel(client, member):
    html = client.get("/dashboard/").content.decode()

    assert '<h2 id="panel-organisation-title">Your organisation</h2>' in html
