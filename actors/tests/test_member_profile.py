"""The member profile at /actors/me/: who the member is, the organisation they show, the
fields they follow, and their consent to appear in the directory."""

import pytest

from accounts.factories import VerifiedUserFactory
from actors.factories import MemberProfileFactory, MembershipFactory, OrganisationFactory
from actors.models import MemberProfile, Membership, Technology, ValueChainStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = VerifiedUserFactory(email="ada@example.org")
    client.force_login(user)
    return user


def test_the_member_profile_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/actors/me/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_starts_an_empty_profile_out_of_the_directory(client, member):
    response = client.get("/actors/me/")

    html = response.content.decode()
    profile = MemberProfile.objects.get(user=member)
    assert response.status_code == 200
    assert "<h1>Your member profile</h1>" in html
    assert profile.listed_in_directory is False
    assert 'name="listed_in_directory"' in html
    assert "<legend>Production</legend>" in html


def test_saving_the_profile_and_interests(client, member):
    organisation = OrganisationFactory(name="Cellforge")
    MembershipFactory(organisation=organisation, user=member)
    production = ValueChainStage.objects.get(slug="production")
    cell = Technology.objects.get(slug="cell-therapy")

    response = client.post(
        "/actors/me/",
        {
            "display_name": "Ada Lovelace",
            "job_title": "Head of QC",
            "organisation": organisation.pk,
            "interest_stages": [production.pk],
            "interest_technologies": [cell.pk],
            "interest_countries": ["FR", "BE"],
            "listed_in_directory": "on",
        },
    )

    profile = MemberProfile.objects.get(user=member)
    assert response["Location"] == "/actors/me/"
    assert (profile.display_name, profile.job_title) == ("Ada Lovelace", "Head of QC")
    assert profile.organisation == organisation
    assert list(profile.interest_stages.all()) == [production]
    assert list(profile.interest_technologies.all()) == [cell]
    assert sorted(country.code for country in profile.interest_countries) == ["BE", "FR"]
    assert profile.listed_in_directory is True


def test_only_an_organisation_one_actively_belongs_to_can_be_chosen(client, member):
    other = OrganisationFactory()
    invited = OrganisationFactory()
    MembershipFactory(organisation=invited, user=member, state=Membership.State.INVITED)

    for organisation in (other, invited):
        response = client.post("/actors/me/", {"organisation": organisation.pk})

        assert "Select a valid choice." in response.content.decode()
    assert MemberProfile.objects.get(user=member).organisation is None


def test_an_unknown_country_is_refused_and_nothing_is_saved(client, member):
    MemberProfileFactory(user=member, display_name="Ada", job_title="QC")

    response = client.post("/actors/me/", {"display_name": "Changed", "interest_countries": ["ZZ"]})

    assert "Select a valid choice." in response.content.decode()
    assert MemberProfile.objects.get(user=member).display_name == "Ada"


def test_what_the_member_typed_is_shown_escaped(client, member):
    client.post("/actors/me/", {"display_name": "<script>alert(1)</script>"})

    html = client.get("/actors/me/").content.decode()

    assert MemberProfile.objects.get(user=member).display_name == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
