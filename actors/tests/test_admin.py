"""Staff's side in the Wagtail admin: the Actors menu, the organisations list and its
filters, bulk and single review actions, claims, merging, vocabularies, permissions."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.factories import VerifiedUserFactory
from actors.admin_views import merge_message, organisation_url
from actors.factories import (
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    OrganisationFactory,
)
from actors.models import (
    ActorType,
    Certification,
    Claim,
    CoverageTarget,
    Membership,
    Organisation,
    Technology,
    ValueChainStage,
)
from actors.review import MergeReport

pytestmark = pytest.mark.django_db


def user_with(*codenames, email="reviewer@example.org"):
    """A staff member whose role grants the admin and the given actors permissions."""
    group = Group.objects.create(name=f"Role of {email}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    user = VerifiedUserFactory(email=email, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def reviewer(client):
    user = user_with("change_organisation", "change_claim", "delete_valuechainstage")
    client.force_login(user)
    return user


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def assert_refused(response):
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def bulk_url(action, *organisations, next_url="/admin/"):
    ids = "&".join(f"id={o.pk}" for o in organisations)
    return f"/admin/bulk/actors/organisation/{action}/?{ids}&next={next_url}"


def chooser_url(view="choose_results"):
    return reverse(Organisation.snippet_viewset.chooser_viewset.get_url_name(view))


def choices(html):
    """The names an organisation chooser's results offer, in order."""
    return [
        name.strip() for name in re.findall(r"data-chooser-modal-choice[^>]*>([^<]*)</a>", html)
    ]


def shown_messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


# Menu and permissions -----------------------------------------------------------------


def test_the_actors_menu_offers_review_and_vocabularies(client):
    client.force_login(VerifiedUserFactory(is_superuser=True, is_staff=True))

    html = client.get("/admin/").content.decode()

    for label in [
        "Pending review",
        "Organisations",
        "Claims",
        "Coverage",
        "Value-chain stages",
        "Technologies",
        "Actor types",
        "Certifications",
        "Coverage targets",
    ]:
        assert label in html, label
    assert organisation_url("list") + "?status=pending" in html


@pytest.mark.parametrize(
    "path",
    [
        "organisations",
        "/admin/actors_review/{pk}/approve/",
        "/admin/actors_review/{pk}/merge/",
        "/admin/actors_claims/",
        "/admin/actors_coverage/",
        "/admin/actors_stages/",
    ],
)
def test_a_member_who_is_not_staff_cannot_reach_the_admin_views(client, path):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(VerifiedUserFactory())
    url = organisation_url("list") if path == "organisations" else path.format(pk=organisation.pk)

    response = client.get(url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_member_who_is_not_staff_cannot_approve_by_posting(client):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(VerifiedUserFactory())

    client.post(f"/admin/actors_review/{organisation.pk}/approve/")
    client.post(bulk_url("approve", organisation))

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_staff_without_the_change_permission_cannot_review(client):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(user_with(email="editor@example.org"))

    # Wagtail answers a refused admin view with a redirect to the admin home and a message.
    for action in ("approve", "reject", "verify", "merge"):
        assert_refused(client.get(f"/admin/actors_review/{organisation.pk}/{action}/"))
    assert_refused(client.post(f"/admin/actors_review/{organisation.pk}/approve/"))
    assert_refused(client.get("/admin/actors_coverage/"))

    response = client.post(bulk_url("approve", organisation))

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    assert response.status_code == 302  # nothing it may act on: back to the list


def test_staff_without_the_claim_permission_cannot_decide_claims(client):
    claim = ClaimFactory()
    client.force_login(user_with("change_organisation", email="editor@example.org"))

    response = client.post(f"/admin/actors_claims/edit/{claim.pk}/", {"decision": "approve"})

    assert_refused(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


# The organisations list ---------------------------------------------------------------


def test_the_list_shows_the_columns_and_filters_by_status(client, reviewer):
    OrganisationFactory(name="Published Labs")
    OrganisationFactory(name="Waiting Labs", status=Organisation.Status.PENDING, country="DE")

    html = client.get(organisation_url("list") + "?status=pending").content.decode()

    assert "Waiting Labs" in html
    assert "Published Labs" not in html
    assert "Germany" in html
    assert "Pending review" in html
    for column in ("Actor type", "Country", "Status", "Verified", "Updated"):
        assert column in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("country=DE", "Berlin Cells", "Paris Cells"),
        ("is_verified=true", "Paris Cells", "Berlin Cells"),
        ("stale=true", "Berlin Cells", "Paris Cells"),
        ("actor_type={cdmo}", "Paris Cells", "Berlin Cells"),
        ("q=BCX", "Berlin Cells", "Paris Cells"),
        ("q=lyon", "Paris Cells", "Berlin Cells"),
    ],
)
def test_the_list_filters_and_searches(client, reviewer, query, shown, hidden):
    from datetime import timedelta

    from django.utils import timezone

    cdmo = ActorType.objects.get(slug="cdmo-cmo")
    OrganisationFactory(name="Paris Cells", city="Lyon", is_verified=True, actor_type=cdmo)
    OrganisationFactory(
        name="Berlin Cells",
        acronym="BCX",
        country="DE",
        last_confirmed_at=timezone.now() - timedelta(days=400),
    )

    html = client.get(organisation_url("list") + "?" + query.format(cdmo=cdmo.pk)).content.decode()

    assert shown in html
    assert hidden not in html


def test_the_list_and_edit_view_offer_the_review_actions(client, reviewer):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)

    listing = client.get(organisation_url("list")).content.decode()
    edit = client.get(organisation_url("edit", organisation.pk)).content.decode()

    for html in (listing, edit):
        assert f"/admin/actors_review/{organisation.pk}/approve/" in html
        assert f"/admin/actors_review/{organisation.pk}/reject/" in html
        assert f"/admin/actors_review/{organisation.pk}/verify/" in html
        assert f"/admin/actors_review/{organisation.pk}/merge/" in html
    assert "/admin/bulk/actors/organisation/approve/" in listing
    assert "/admin/bulk/actors/organisation/reject/" in listing


def test_the_list_costs_the_same_queries_for_one_row_and_many(client, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OrganisationFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(organisation_url("list"))
    for _ in range(20):
        OrganisationFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(organisation_url("list"))

    assert len(many) == len(one)


# Bulk actions -------------------------------------------------------------------------


def test_bulk_approve_publishes_and_emails_the_admins(client, reviewer, commit, mailoutbox):
    first = OrganisationFactory(status=Organisation.Status.PENDING, last_confirmed_at=None)
    second = OrganisationFactory(status=Organisation.Status.DRAFT)
    MembershipFactory(organisation=first, user__email="first@example.org")
    MembershipFactory(organisation=second, user__email="second@example.org")

    confirm = client.get(bulk_url("approve", first, second))
    assert confirm.status_code == 200
    assert first.name in confirm.content.decode()
    with commit():
        response = client.post(bulk_url("approve", first, second))

    assert response.status_code == 302
    for organisation in (first, second):
        organisation.refresh_from_db()
        assert organisation.is_published
        assert organisation.last_confirmed_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == ["first@example.org", "second@example.org"]


def test_bulk_reject_asks_for_a_reason_and_sends_it(client, reviewer, commit, mailoutbox):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    MembershipFactory(organisation=organisation, user__email="ada@example.org")

    assert 'name="reason"' in client.get(bulk_url("reject", organisation)).content.decode()
    refused = client.post(bulk_url("reject", organisation), {"reason": ""})
    organisation.refresh_from_db()
    assert refused.status_code == 200
    assert organisation.status == Organisation.Status.PENDING

    with commit():
        client.post(bulk_url("reject", organisation), {"reason": "Outside the health sector."})

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    assert organisation.rejection_reason == "Outside the health sector."
    [message] = mailoutbox
    assert message.to == ["ada@example.org"]
    assert "Outside the health sector." in message.body


def test_bulk_verify_marks_each_organisation(client, reviewer):
    first, second = OrganisationFactory(), OrganisationFactory()

    client.post(bulk_url("verify", first, second))

    assert Organisation.objects.filter(is_verified=True, verified_by=reviewer).count() == 2


def test_bulk_questions_and_messages_agree_with_the_number_selected(client, reviewer):
    first, second = OrganisationFactory(), OrganisationFactory()

    one = client.get(bulk_url("verify", first)).content.decode()
    two = client.get(bulk_url("verify", first, second)).content.decode()
    done_one = client.post(bulk_url("verify", first))
    done_two = client.post(bulk_url("reject", first, second), {"reason": "Not in scope."})

    assert "Mark this organisation as checked by staff?" in one
    assert "Mark these 2 organisations as checked by staff?" in two
    assert shown_messages(done_one) == ["1 organisation verified."]
    assert shown_messages(done_two)[-1] == "2 organisations rejected."


# Single review actions ----------------------------------------------------------------


def test_approve_one_organisation_from_its_page(client, reviewer, commit, mailoutbox):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    MembershipFactory(organisation=organisation)
    url = f"/admin/actors_review/{organisation.pk}/approve/"

    assert client.get(url).status_code == 200
    with commit():
        response = client.post(url)

    assert response["Location"] == organisation_url("edit", organisation.pk)
    organisation.refresh_from_db()
    assert organisation.is_published
    assert len(mailoutbox) == 1


def test_reject_one_organisation_needs_a_reason(client, reviewer, commit, mailoutbox):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    MembershipFactory(organisation=organisation)
    url = f"/admin/actors_review/{organisation.pk}/reject/"

    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING

    with commit():
        client.post(url, {"reason": "Duplicate of Genopole."})

    organisation.refresh_from_db()
    assert organisation.rejection_reason == "Duplicate of Genopole."
    assert "Duplicate of Genopole." in mailoutbox[0].body


def test_verify_one_organisation(client, reviewer):
    organisation = OrganisationFactory()

    response = client.post(
        f"/admin/actors_review/{organisation.pk}/verify/?next={organisation_url('list')}"
    )

    assert response["Location"] == organisation_url("list")
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert organisation.verified_by == reviewer


# Merging ------------------------------------------------------------------------------


def test_merge_view_merges_the_duplicate_into_the_chosen_organisation(client, reviewer):
    kept = OrganisationFactory(name="Genopole", acronym="")
    duplicate = OrganisationFactory(name="Genopole bis", acronym="GNP", stages=["training"])
    MembershipFactory(organisation=duplicate, user__email="ada@example.org")
    url = f"/admin/actors_review/{duplicate.pk}/merge/"

    page = client.get(url).content.decode()
    assert "ada@example.org" in page
    response = client.post(url, {"into": kept.pk})

    assert response["Location"] == organisation_url("edit", kept.pk)
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert duplicate.merged_into == kept
    assert kept.acronym == "GNP"
    assert kept.memberships.filter(user__email="ada@example.org").exists()
    assert [s.slug for s in kept.stages.all()] == ["training"]


def test_the_merge_message_counts_in_the_singular_and_the_plural(client, reviewer):
    kept = OrganisationFactory(name="Genopole")
    duplicate = OrganisationFactory(name="Genopole bis")
    MembershipFactory(organisation=duplicate)

    response = client.post(f"/admin/actors_review/{duplicate.pk}/merge/", {"into": kept.pk})
    one = MergeReport(memberships_moved=1, claims_moved=1, fields_filled=["city"])
    many = MergeReport(2, 3, 2, ["city", "website"])

    assert (
        "“Genopole bis” was merged into “Genopole”: 1 person moved" in (shown_messages(response)[0])
    )
    assert merge_message(duplicate, kept, one) == (
        "“Genopole bis” was merged into “Genopole”: 1 person moved, 1 pending claim moved "
        "and 1 empty field filled."
    )
    assert merge_message(duplicate, kept, many) == (
        "“Genopole bis” was merged into “Genopole”: 2 people moved, 3 people were already "
        "there, 2 pending claims moved and 2 empty fields filled."
    )
    assert merge_message(duplicate, kept, MergeReport()) == (
        "“Genopole bis” was merged into “Genopole”; nothing else had to move."
    )


def test_the_merge_page_opens_the_organisation_chooser_without_the_duplicate(client, reviewer):
    duplicate = OrganisationFactory()

    page = client.get(f"/admin/actors_review/{duplicate.pk}/merge/").content.decode()

    assert f'data-chooser-url="{chooser_url("choose")}?exclude={duplicate.pk}"' in page


def test_the_organisation_chooser_has_a_search_box_and_telling_columns(client, reviewer):
    OrganisationFactory(name="Genopole", city="Évry", status=Organisation.Status.PENDING)

    response = client.get(chooser_url("choose"))
    html = response.json()["html"]

    assert 'name="q"' in html
    for text in ("Country", "City", "Status", "Genopole", "France", "Évry", "Pending review"):
        assert text in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("genop", ["Genopole", "Genopole Évry"]),
        ("GNP", ["Genopole"]),
        ("lyon", ["Lyon Biopôle"]),
        ("genopole évry", ["Genopole Évry"]),
        ("genopole lyon", []),
        ("", ["Genopole", "Genopole Évry", "Lyon Biopôle"]),
    ],
)
def test_the_organisation_chooser_searches_names_acronyms_and_cities(
    client, reviewer, query, found
):
    OrganisationFactory(name="Genopole", acronym="GNP", city="Paris")
    OrganisationFactory(name="Genopole Évry", city="Évry")
    OrganisationFactory(name="Lyon Biopôle", city="Lyon")

    html = client.get(chooser_url(), {"q": query}).content.decode()

    assert choices(html) == found


def test_the_organisation_chooser_leaves_out_merged_ones_and_the_excluded_one(client, reviewer):
    kept = OrganisationFactory(name="Kept Labs")
    OrganisationFactory(name="Merged Labs", merged_into=kept)
    duplicate = OrganisationFactory(name="Duplicate Labs")

    html = client.get(chooser_url(), {"exclude": duplicate.pk, "q": "labs"}).content.decode()

    assert choices(html) == ["Kept Labs"]
    # Its searches and pages keep the exclusion.
    assert f"exclude={duplicate.pk}" in html


def test_the_organisation_chooser_costs_the_same_queries_for_one_row_and_many(client, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OrganisationFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(chooser_url("choose"))
    for _ in range(20):
        OrganisationFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(chooser_url("choose"))

    assert len(many) == len(one)


def test_merge_view_refuses_the_organisation_itself_or_a_merged_one(client, reviewer):
    other = OrganisationFactory()
    merged = OrganisationFactory(merged_into=other)
    duplicate = OrganisationFactory()
    url = f"/admin/actors_review/{duplicate.pk}/merge/"

    for choice in (duplicate.pk, merged.pk):
        response = client.post(url, {"into": choice})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


# Claims -------------------------------------------------------------------------------


def test_claims_list_shows_pending_claims_first(client, reviewer):
    ClaimFactory(organisation__name="Decided Org", status=Claim.Status.REFUSED, reason="No.")
    ClaimFactory(organisation__name="Waiting Org")

    html = client.get("/admin/actors_claims/").content.decode()

    assert html.index("Waiting Org") < html.index("Decided Org")
    assert "/admin/actors_claims/new/" not in html


def test_approving_a_claim_in_the_admin_makes_an_admin(client, reviewer, commit, mailoutbox):
    claim = ClaimFactory(user__email="claimant@example.org")
    url = f"/admin/actors_claims/edit/{claim.pk}/"

    page = client.get(url).content.decode()
    assert "I run the process development team." in page
    with commit():
        response = client.post(url, {"decision": "approve"})

    assert response["Location"] == "/admin/actors_claims/"
    assert claim.organisation.memberships.admins().filter(user=claim.user).exists()
    assert mailoutbox[0].to == ["claimant@example.org"]


def test_refusing_a_claim_in_the_admin_needs_and_sends_a_reason(
    client, reviewer, commit, mailoutbox
):
    claim = ClaimFactory()
    url = f"/admin/actors_claims/edit/{claim.pk}/"

    response = client.post(url, {"decision": "refuse", "reason": ""})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING

    with commit():
        client.post(url, {"decision": "refuse", "reason": "Use your work address."})

    claim.refresh_from_db()
    assert claim.status == Claim.Status.REFUSED
    assert claim.reason == "Use your work address."
    assert "Use your work address." in mailoutbox[0].body
    assert not Membership.objects.filter(user=claim.user).exists()


def test_a_decided_claim_cannot_be_decided_again(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.REFUSED, reason="No.")

    client.post(f"/admin/actors_claims/edit/{claim.pk}/", {"decision": "approve"})

    assert not Membership.objects.filter(user=claim.user).exists()


# Vocabularies -------------------------------------------------------------------------


def test_deleting_a_stage_in_use_is_refused_clearly(client, reviewer):
    OrganisationFactory(stages=["fill-and-finish"])
    stage = ValueChainStage.objects.get(slug="fill-and-finish")
    url = f"/admin/actors_stages/delete/{stage.pk}/"

    page = client.get(url).content.decode()
    assert "cannot be deleted while it is in use" in page
    assert "1 organisation uses it." in page
    assert "Yes, delete" not in page

    response = client.post(url)

    assert response.status_code == 200
    assert ValueChainStage.objects.filter(pk=stage.pk).exists()


def test_deleting_a_stage_with_sub_stages_is_refused(client, reviewer):
    stage = ValueChainStage.objects.get(slug="production")

    client.post(f"/admin/actors_stages/delete/{stage.pk}/")

    assert ValueChainStage.objects.filter(pk=stage.pk).exists()


def test_an_unused_stage_can_be_deleted_after_a_warning_about_followers(client, reviewer):
    stage = ValueChainStage.objects.get(slug="fill-and-finish")
    MemberProfileFactory().interest_stages.add(stage)
    url = f"/admin/actors_stages/delete/{stage.pk}/"

    page = client.get(url).content.decode()
    assert "1 member follows it and will stop following it." in page
    client.post(url)

    assert not ValueChainStage.objects.filter(pk=stage.pk).exists()


@pytest.mark.parametrize(
    ("model", "prefix", "slug", "permission"),
    [
        (ActorType, "actors_types", "sme-start-up", "delete_actortype"),
        (Certification, "actors_certifications", "gmp", "delete_certification"),
        (Technology, "actors_technologies", "cell-therapy", "delete_technology"),
    ],
)
def test_other_terms_in_use_are_not_deleted(client, model, prefix, slug, permission):
    client.force_login(user_with(permission, email=f"{prefix}@example.org"))
    organisation = OrganisationFactory(technologies=["cell-therapy"])
    organisation.certifications.add(Certification.objects.get(slug="gmp"))
    term = model.objects.get(slug=slug)

    response = client.post(f"/admin/{prefix}/delete/{term.pk}/")

    assert response.status_code == 200
    assert "is still in use and was not deleted" in response.content.decode()
    assert model.objects.filter(pk=term.pk).exists()


def test_staff_edit_a_vocabulary_term(client):
    client.force_login(user_with("change_certification", email="vocab@example.org"))
    term = Certification.objects.get(slug="gmp")

    response = client.post(
        f"/admin/actors_certifications/edit/{term.pk}/",
        {"name": "GMP (EU)", "slug": "gmp", "description": "", "sort_order": 1},
    )

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.name == "GMP (EU)"


def test_coverage_targets_are_edited_in_the_admin(client):
    client.force_login(user_with("add_coveragetarget", email="targets@example.org"))

    client.post("/admin/actors_coverage_targets/new/", {"country": "", "target": 5000})

    assert CoverageTarget.objects.get(country="").target == 5000


def test_a_coverage_target_of_zero_is_refused_clearly(client):
    client.force_login(
        user_with("add_coveragetarget", "change_coveragetarget", email="targets@example.org")
    )
    target = CoverageTarget.objects.create(country="FR", target=2000)

    added = client.post("/admin/actors_coverage_targets/new/", {"country": "", "target": 0})
    edited = client.post(
        f"/admin/actors_coverage_targets/edit/{target.pk}/", {"country": "FR", "target": 0}
    )

    for response in (added, edited):
        assert response.status_code == 200
        assert "A target must be at least 1" in response.content.decode()
    assert not CoverageTarget.objects.filter(country="").exists()
    target.refresh_from_db()
    assert target.target == 2000


# Home page panel ----------------------------------------------------------------------


def test_the_admin_home_summarises_coverage_and_the_review_queue(client, reviewer):
    OrganisationFactory()
    OrganisationFactory(status=Organisation.Status.PENDING)
    ClaimFactory()
    CoverageTarget.objects.create(country="", target=4)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Actors on the map" in html
    # The claim's organisation is published too: 2 published of 4.
    assert "2 published organisations" in html
    assert "50% of the European target of 4" in html
    assert "1 organisation awaits review" in html
    assert "1 pending claim" in html
