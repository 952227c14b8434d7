"""The public profile at /actors/<slug>/: who may see it, what it shows (and hides), its
JSON-LD, and a query count that does not grow with what the organisation holds."""

import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory, MembershipFactory, OrganisationFactory
from actors.models import Certification, Membership, Technology, ValueChainStage
from actors.signals import ProfileSection, collect_profile_sections, profile_sections

pytestmark = pytest.mark.django_db


def url(organisation):
    return reverse("actors:profile", kwargs={"slug": organisation.slug})


def json_ld_of(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


# Who may see it -----------------------------------------------------------------------


def test_published_profile_is_public(client):
    organisation = OrganisationFactory(name="Cellforge")
    response = client.get(url(organisation))
    assert response.status_code == 200
    assert "<h1>Cellforge" in response.content.decode()


@pytest.mark.parametrize("status", ["draft", "pending", "rejected"])
def test_unpublished_profile_is_404_for_visitors_and_non_members(client, status):
    organisation = OrganisationFactory(status=status)
    assert client.get(url(organisation)).status_code == 404
    client.force_login(VerifiedUserFactory())
    assert client.get(url(organisation)).status_code == 404


def test_invited_member_cannot_see_the_draft(client):
    membership = MembershipFactory(
        organisation__status="draft", state=Membership.State.INVITED, role="member"
    )
    client.force_login(membership.user)
    assert client.get(url(membership.organisation)).status_code == 404


@pytest.mark.parametrize("status", ["draft", "pending"])
def test_member_sees_the_unpublished_profile_with_its_status(client, status):
    membership = MembershipFactory(organisation__status=status, role="member")
    client.force_login(membership.user)
    response = client.get(url(membership.organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This profile is not public" in page
    assert str(membership.organisation.get_status_display()) in page
    assert "no-store" in response["Cache-Control"]


def test_rejected_profile_shows_the_reason_to_its_members(client):
    membership = MembershipFactory(
        organisation__status="rejected",
        organisation__rejection_reason="Not a health biomanufacturing actor.",
    )
    client.force_login(membership.user)
    page = client.get(url(membership.organisation)).content.decode()
    assert "Rejected" in page
    assert "Not a health biomanufacturing actor." in page


def test_staff_see_a_draft_with_its_banner(client):
    organisation = OrganisationFactory(status="draft")
    client.force_login(VerifiedUserFactory(is_staff=True))
    response = client.get(url(organisation))
    assert response.status_code == 200
    assert "This profile is not public" in response.content.decode()


def test_published_profile_has_no_status_banner(client):
    response = client.get(url(OrganisationFactory()))
    assert "This profile is not public" not in response.content.decode()


def test_merged_profile_redirects_permanently_to_the_survivor(client):
    survivor = OrganisationFactory()
    duplicate = OrganisationFactory(merged_into=survivor)
    response = client.get(url(duplicate))
    assert response.status_code == 301
    assert response["Location"] == url(survivor)


def test_merged_profile_redirects_staff_too(client):
    survivor = OrganisationFactory()
    duplicate = OrganisationFactory(merged_into=survivor, status="rejected")
    client.force_login(VerifiedUserFactory(is_staff=True))
    response = client.get(url(duplicate))
    assert response.status_code == 301
    assert response["Location"] == url(survivor)


def test_unknown_slug_is_404(client):
    assert client.get("/actors/no-such-organisation/").status_code == 404


# What it shows ------------------------------------------------------------------------


def test_profile_shows_the_organisation(client):
    organisation = OrganisationFactory(
        name="Cellforge",
        acronym="CF",
        website="https://cellforge.example/",
        city="Lyon",
        size_band="10-49",
        year_founded=2011,
        capabilities="Autologous CAR-T manufacturing",
        services="Fill and finish",
        capacity="Four cleanrooms",
        equipment="Closed bioreactors",
        seeks="A partner in patient access",
    )
    organisation.certifications.set(Certification.objects.filter(slug="gmp"))
    page = client.get(url(organisation)).content.decode()
    for text in [
        "Cellforge",
        "(CF)",
        "SME / start-up",
        "France",
        "Lyon",
        "10 to 49 people",
        "2011",
        "GMP (Good Manufacturing Practice)",
        "Autologous CAR-T manufacturing",
        "Fill and finish",
        "Four cleanrooms",
        "Closed bioreactors",
        "A partner in patient access",
    ]:
        assert text in page, text
    assert '<a href="https://cellforge.example/" rel="nofollow noopener">' in page


def test_value_chain_lists_every_stage_in_order_marking_the_covered_ones(client):
    organisation = OrganisationFactory(stages=["fill-and-finish", "training"])
    page = client.get(url(organisation)).content.decode()
    chain = page[page.index('class="profile-chain"') :]
    chain = chain[: chain.index("</ol>")]
    names = re.findall(r'profile-chain__name">([^<]+)<', chain)
    assert names == [
        "Training",
        "Research and development",
        "Industrialisation of processes",
        "Production",
        "Post-market",
    ]
    states = re.findall(r'profile-chain__state">([^<]+)<', chain)
    assert states == ["Covered", "Not covered", "Not covered", "Covered", "Not covered"]
    assert "<li>Fill and finish</li>" in chain


def test_verified_badge_names_the_date(client):
    verified_at = timezone.make_aware(timezone.datetime(2025, 3, 14, 12))
    organisation = OrganisationFactory(is_verified=True, verified_at=verified_at)
    page = client.get(url(organisation)).content.decode()
    assert f"Verified by COBIOE staff on {date_format(verified_at, 'DATE_FORMAT')}" in page


def test_unverified_profile_has_no_badge(client):
    page = client.get(url(OrganisationFactory())).content.decode()
    assert "Verified by COBIOE staff" not in page


def test_stale_profile_carries_a_note(client):
    organisation = OrganisationFactory(last_confirmed_at=timezone.now() - timedelta(days=400))
    page = client.get(url(organisation)).content.decode()
    assert "have not confirmed this profile for over a year" in page


def test_fresh_profile_shows_when_it_was_confirmed(client):
    organisation = OrganisationFactory()
    page = client.get(url(organisation)).content.decode()
    assert "Last confirmed" in page
    assert "for over a year" not in page


def test_partner_contact_hidden_from_visitors_with_a_sign_in_link(client):
    organisation = OrganisationFactory(partner_contact_email="partners@cellforge.example")
    page = client.get(url(organisation)).content.decode()
    assert "partners@cellforge.example" not in page
    assert "Sign in to see the partner contact" in page
    assert f'href="/accounts/login/?next=%2Factors%2F{organisation.slug}%2F"' in page


def test_partner_contact_shown_to_signed_in_members(client):
    organisation = OrganisationFactory(partner_contact_email="partners@cellforge.example")
    client.force_login(VerifiedUserFactory())
    page = client.get(url(organisation)).content.decode()
    assert 'href="mailto:partners@cellforge.example"' in page
    assert "Sign in to see the partner contact" not in page


def test_only_consenting_active_members_are_listed(client):
    organisation = OrganisationFactory()
    listed = MembershipFactory(organisation=organisation, role="member")
    MemberProfileFactory(
        user=listed.user, display_name="Ada Listed", job_title="CSO", listed_in_directory=True
    )
    shy = MembershipFactory(organisation=organisation)
    MemberProfileFactory(user=shy.user, display_name="Bo Shy", listed_in_directory=False)
    invited = MembershipFactory(organisation=organisation, state=Membership.State.INVITED)
    MemberProfileFactory(user=invited.user, display_name="Cy Invited", listed_in_directory=True)
    elsewhere = MembershipFactory()
    MemberProfileFactory(
        user=elsewhere.user,
        display_name="Di Elsewhere",
        organisation=organisation,
        listed_in_directory=True,
    )
    page = client.get(url(organisation)).content.decode()
    assert "Ada Listed" in page
    assert "CSO" in page
    for hidden in ["Bo Shy", "Cy Invited", "Di Elsewhere", listed.user.email]:
        assert hidden not in page


def test_imported_record_credits_ror_and_links_its_record(client):
    organisation = OrganisationFactory(source="ror", source_id="https://ror.org/03xjwb503")
    page = client.get(url(organisation)).content.decode()
    assert "Imported from ROR" in page
    assert 'href="https://ror.org/03xjwb503"' in page


def test_logo_is_shown_as_a_rendition(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = Image.objects.create(title="Logo", file=get_test_image_file(size=(640, 480)))
    organisation = OrganisationFactory(name="Cellforge", logo=logo)
    response = client.get(url(organisation))
    page = response.content.decode()
    assert 'alt="Logo of Cellforge"' in page
    assert ".max-240x160." in page
    assert json_ld_of(response)["logo"].startswith("http://testserver/")


# Links for who may act on it ----------------------------------------------------------


def test_admins_get_an_edit_link_when_the_manage_page_exists(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    page = client.get(url(membership.organisation)).content.decode()
    try:
        manage = reverse("actors:manage", kwargs={"slug": membership.organisation.slug})
    except NoReverseMatch:  # the manage page belongs to another part of the plugin
        pytest.skip("actors:manage is not routed yet")
    assert f'href="{manage}"' in page


def test_plain_members_get_no_edit_link(client):
    membership = MembershipFactory(role="member")
    client.force_login(membership.user)
    page = client.get(url(membership.organisation)).content.decode()
    assert ">Edit<" not in page


def test_claim_link_only_on_unclaimed_profiles(client):
    unclaimed = OrganisationFactory(source="ror")
    claimed = MembershipFactory().organisation
    try:
        claim = reverse("actors:claim", kwargs={"slug": unclaimed.slug})
    except NoReverseMatch:  # the claim page belongs to another part of the plugin
        pytest.skip("actors:claim is not routed yet")
    assert f'href="{claim}"' in client.get(url(unclaimed)).content.decode()
    assert "Claim it" not in client.get(url(claimed)).content.decode()


# Safety -------------------------------------------------------------------------------


def test_script_and_javascript_links_in_the_description_are_inert(client):
    organisation = OrganisationFactory(
        description='<p>Hi<script>alert("x")</script> <a href="javascript:alert(1)">x</a>'
        '<img src=x onerror="alert(2)"></p>',
        capabilities="<script>alert(3)</script>",
    )
    page = client.get(url(organisation)).content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "onerror" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page


def test_json_ld_cannot_break_out_of_its_script_tag(client):
    organisation = OrganisationFactory(
        name="Evil</script><script>alert(1)</script>", acronym="<!--", city="A & B"
    )
    response = client.get(url(organisation))
    page = response.content.decode()
    assert "</script><script>alert(1)" not in page
    data = json_ld_of(response)
    assert data["name"] == "Evil</script><script>alert(1)</script>"
    assert data["alternateName"] == "<!--"
    assert data["address"]["addressLocality"] == "A & B"


def test_json_ld_describes_the_organisation(client):
    organisation = OrganisationFactory(
        name="Cellforge",
        acronym="CF",
        website="https://cellforge.example/",
        description="<p>Cells &amp; <em>vectors</em></p>",
        city="Lyon",
        latitude=45.75,
        longitude=4.85,
        year_founded=2011,
        source="ror",
        source_id="https://ror.org/03xjwb503",
    )
    data = json_ld_of(client.get(url(organisation)))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Cellforge",
        "alternateName": "CF",
        "url": "https://cellforge.example/",
        "description": "Cells & vectors",
        "address": {"@type": "PostalAddress", "addressLocality": "Lyon", "addressCountry": "FR"},
        "geo": {"@type": "GeoCoordinates", "latitude": 45.75, "longitude": 4.85},
        "foundingDate": "2011",
        "sameAs": ["https://ror.org/03xjwb503"],
    }


# Query count --------------------------------------------------------------------------

# The organisation, its technologies and certifications (prefetched), the value chain, the
# people, the complementary actors (ranking, organisations, and two prefetches); the
# layout's site and navigation come from the cache. Then what other plugins add through the
# `profile_sections` signal: the news plugin asks for the view restrictions and the
# articles that name the organisation. The actors plugin runs without news too, and the
# count must then drop by exactly that much.
PLUGIN_SECTION_QUERIES = 2 if apps.is_installed("news") else 0
QUERIES_ANONYMOUS = 9 + PLUGIN_SECTION_QUERIES
# Signed in: the session and the user, the Wagtail user bar's two permission queries, and
# the header's count of unread notifications.
QUERIES_SIGNED_IN = QUERIES_ANONYMOUS + 5


def build(size):
    """An organisation holding `size` of everything the page lists, and `size` partners."""
    stages = list(ValueChainStage.objects.filter(slug__in=["production", "quality-control"]))
    technologies = list(Technology.objects.filter(parent__isnull=False)[:size])
    organisation = OrganisationFactory(stages=[s.slug for s in stages[:size]])
    organisation.technologies.set(technologies)
    organisation.certifications.set(Certification.objects.all()[:size])
    for n in range(size):
        membership = MembershipFactory(organisation=organisation, role="member")
        MemberProfileFactory(
            user=membership.user, display_name=f"Person {n}", listed_in_directory=True
        )
        OrganisationFactory(
            stages=["training", "clinical-research", "post-market"][: n % 3 + 1],
            technologies=[t.slug for t in technologies[: n % len(technologies) + 1]],
        )
    return organisation


@pytest.mark.parametrize("size", [1, 8])
def test_profile_query_count_is_fixed_for_visitors(client, django_assert_num_queries, size):
    organisation = build(size)
    client.get(url(organisation))  # the first page of a site creates its settings row
    with django_assert_num_queries(QUERIES_ANONYMOUS):
        response = client.get(url(organisation))
    assert response.status_code == 200
    assert response.content.decode().count("profile-chain__stage") == 5


@pytest.mark.parametrize("size", [1, 8])
def test_profile_query_count_is_fixed_for_members(client, django_assert_num_queries, size):
    organisation = build(size)
    client.force_login(VerifiedUserFactory())
    client.get(url(organisation))
    with django_assert_num_queries(QUERIES_SIGNED_IN):
        response = client.get(url(organisation))
    assert response.status_code == 200


def test_imported_profile_credits_ror_and_geonames_and_says_its_stages_are_inferred(client):
    organisation = OrganisationFactory(source="ror", source_id="https://ror.org/04abc1234")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "GeoNames" in html
    assert "Placed on the chain from its type in the registry" in html


def test_demo_profile_does_not_claim_to_be_imported(client):
    organisation = OrganisationFactory(source="demo")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Imported from" not in html


# What other plugins add -----------------------------------------------------------------


@pytest.fixture
def connected():
    """Connects receivers to `profile_sections` for one test only."""
    uids = []

    def connect(receiver):
        uid = f"test-{len(uids)}"
        # Strongly held: a lambda would otherwise be collected before the request.
        profile_sections.connect(receiver, weak=False, dispatch_uid=uid)
        uids.append(uid)

    yield connect
    for uid in uids:
        profile_sections.disconnect(dispatch_uid=uid)


def test_a_plugin_section_is_shown_on_the_profile_with_its_own_context(client, connected):
    organisation = OrganisationFactory(source="demo")
    seen = []

    def credit(sender, organisation, request, **kwargs):
        seen.append((organisation.pk, request.path))
        return ProfileSection("actors/includes/data_credit.html")

    assert "Research Organization Registry" not in client.get(url(organisation)).content.decode()
    connected(credit)
    html = client.get(url(organisation)).content.decode()
    assert "Research Organization Registry" in html
    assert seen == [(organisation.pk, url(organisation))]


def test_a_receiver_that_returns_nothing_adds_nothing(client, connected):
    organisation = OrganisationFactory()
    before = client.get(url(organisation)).content.decode()
    connected(lambda sender, **kwargs: None)
    after = client.get(url(organisation)).content.decode()
    assert after.count("<section") == before.count("<section")


def test_plugin_sections_come_in_their_order(rf, connected):
    connected(lambda sender, **kwargs: ProfileSection("late.html", order=200))
    connected(lambda sender, **kwargs: ProfileSection("early.html", order=1))
    sections = collect_profile_sections(OrganisationFactory(), rf.get("/"))
    templates = [section.template for section in sections]
    assert templates.index("early.html") < templates.index("late.html")
