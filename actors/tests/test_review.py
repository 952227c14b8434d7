"""Staff decisions (actors/review.py): approving, rejecting, verifying, deciding claims,
merging duplicates, and the emails they send."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors import review
from actors.factories import (
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    OrganisationFactory,
)
from actors.models import Certification, Claim, Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return VerifiedUserFactory(is_staff=True, email="staff@example.org")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the decision and the emails it schedules for after the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# Approving and rejecting --------------------------------------------------------------


def test_approve_publishes_and_emails_each_active_admin_separately(staff, commit, mailoutbox):
    organisation = OrganisationFactory(
        name="Cell Forge", status=Organisation.Status.PENDING, last_confirmed_at=None
    )
    MembershipFactory(organisation=organisation, user__email="ada@example.org")
    MembershipFactory(organisation=organisation, user__email="bob@example.org")
    MembershipFactory(
        organisation=organisation, user__email="member@example.org", role=Membership.Role.MEMBER
    )
    MembershipFactory(organisation=organisation, user__email="invited@example.org", state="invited")

    with commit():
        assert review.approve(organisation, by=staff) is True

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED
    assert organisation.is_published
    assert organisation.last_confirmed_at is not None
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ada@example.org",
        "bob@example.org",
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)
    assert "Cell Forge is now on the map" in mailoutbox[0].subject
    assert f"http://testserver/actors/{organisation.slug}/" in mailoutbox[0].body


def test_approve_keeps_an_existing_confirmation_date_and_clears_an_old_rejection(staff):
    confirmed = timezone.now() - timedelta(days=30)
    organisation = OrganisationFactory(
        status=Organisation.Status.REJECTED,
        rejection_reason="Missing details",
        last_confirmed_at=confirmed,
    )

    review.approve(organisation, by=staff)

    organisation.refresh_from_db()
    assert organisation.last_confirmed_at == confirmed
    assert organisation.rejection_reason == ""


def test_approving_a_published_organisation_changes_nothing_and_sends_nothing(
    staff, commit, mailoutbox
):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)

    with commit():
        assert review.approve(organisation, by=staff) is False

    assert mailoutbox == []


def test_a_merged_organisation_cannot_be_approved(staff):
    kept = OrganisationFactory()
    duplicate = OrganisationFactory(status=Organisation.Status.PENDING, merged_into=kept)

    with pytest.raises(review.ReviewError):
        review.approve(duplicate, by=staff)


def test_reject_stores_the_reason_and_sends_it_to_the_admins(staff, commit, mailoutbox):
    organisation = OrganisationFactory(name="Cell Forge", status=Organisation.Status.PENDING)
    MembershipFactory(organisation=organisation, user__email="ada@example.org")

    with commit():
        review.reject(organisation, by=staff, reason="  Not in the health sector.  ")

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    assert organisation.rejection_reason == "Not in the health sector."
    assert not Organisation.objects.published().filter(pk=organisation.pk).exists()
    [message] = mailoutbox
    assert message.to == ["ada@example.org"]
    assert "Cell Forge" in message.subject
    assert "Not in the health sector." in message.body


def test_reject_without_a_reason_is_refused(staff):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)

    with pytest.raises(review.ReviewError):
        review.reject(organisation, by=staff, reason="   ")

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_emails_wait_for_the_commit(staff, mailoutbox):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    MembershipFactory(organisation=organisation)

    # The test's transaction never commits, so the email is never sent.
    review.approve(organisation, by=staff)

    assert mailoutbox == []


def test_verify_records_who_and_when_and_unverify_clears_it(staff):
    organisation = OrganisationFactory()

    assert review.verify(organisation, by=staff) is True
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert organisation.verified_by == staff
    assert organisation.verified_at is not None
    assert review.verify(organisation, by=staff) is False

    assert review.unverify(organisation, by=staff) is True
    organisation.refresh_from_db()
    assert not organisation.is_verified
    assert organisation.verified_by is None
    assert organisation.verified_at is None


# Claims -------------------------------------------------------------------------------


def test_approving_a_claim_makes_the_claimant_an_active_admin_and_tells_them(
    staff, commit, mailoutbox
):
    claim = ClaimFactory(organisation__name="Genopole", user__email="claimant@example.org")

    with commit():
        membership = review.approve_claim(claim, by=staff)

    assert membership.role == Membership.Role.ADMIN
    assert membership.state == Membership.State.ACTIVE
    assert claim.organisation.can_edit(claim.user)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert claim.decided_by == staff
    assert claim.decided_at is not None
    [message] = mailoutbox
    assert message.to == ["claimant@example.org"]
    assert "Genopole" in message.subject


def test_approving_a_claim_of_an_existing_member_promotes_them(staff):
    claim = ClaimFactory()
    MembershipFactory(
        organisation=claim.organisation,
        user=claim.user,
        role=Membership.Role.MEMBER,
        state=Membership.State.INVITED,
    )

    review.approve_claim(claim, by=staff)

    membership = Membership.objects.get(organisation=claim.organisation, user=claim.user)
    assert (membership.role, membership.state) == ("admin", "active")
    assert membership.joined_at is not None


def test_refusing_a_claim_stores_and_sends_the_reason(staff, commit, mailoutbox):
    claim = ClaimFactory(user__email="claimant@example.org")

    with commit():
        review.refuse_claim(claim, by=staff, reason="We could not confirm your role.")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.REFUSED
    assert claim.reason == "We could not confirm your role."
    assert not Membership.objects.filter(user=claim.user).exists()
    [message] = mailoutbox
    assert message.to == ["claimant@example.org"]
    assert "We could not confirm your role." in message.body


def test_a_claim_is_decided_once(staff):
    claim = ClaimFactory()
    review.refuse_claim(claim, by=staff, reason="No.")

    with pytest.raises(review.ReviewError):
        review.approve_claim(claim, by=staff)
    assert not Membership.objects.filter(user=claim.user).exists()


def test_refusing_a_claim_needs_a_reason(staff):
    claim = ClaimFactory()

    with pytest.raises(review.ReviewError):
        review.refuse_claim(claim, by=staff, reason="")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


# Merging ------------------------------------------------------------------------------


def test_merge_moves_people_claims_and_vocabulary_and_fills_empty_fields(staff):
    kept = OrganisationFactory(
        name="Genopole",
        acronym="",
        website="",
        city="Évry",
        stages=["production"],
        technologies=["cell-therapy"],
    )
    duplicate = OrganisationFactory(
        name="Genopole (imported)",
        acronym="GNP",
        website="https://www.genopole.fr/",
        city="Evry",
        stages=["training", "production"],
        technologies=["gene-therapy"],
        source="ror",
        source_id="https://ror.org/0001",
    )
    duplicate.certifications.add(Certification.objects.get(slug="gmp"))
    newcomer = MembershipFactory(organisation=duplicate, role=Membership.Role.MEMBER)
    both = VerifiedUserFactory()
    MembershipFactory(organisation=kept, user=both, role=Membership.Role.MEMBER)
    MembershipFactory(organisation=duplicate, user=both, role=Membership.Role.ADMIN)
    moved_claim = ClaimFactory(organisation=duplicate)
    profile = MemberProfileFactory(organisation=duplicate)

    report = review.merge(duplicate, kept, by=staff)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert not duplicate.is_published
    assert duplicate.source_id == "https://ror.org/0001"
    assert kept.acronym == "GNP"
    assert kept.website == "https://www.genopole.fr/"
    assert kept.city == "Évry"  # not empty: kept as it was
    assert {s.slug for s in kept.stages.all()} == {"training", "production"}
    assert {t.slug for t in kept.technologies.all()} == {"cell-therapy", "gene-therapy"}
    assert [c.slug for c in kept.certifications.all()] == ["gmp"]
    assert not duplicate.memberships.exists()
    assert kept.memberships.get(user=newcomer.user).role == Membership.Role.MEMBER
    # In both: one membership, with the higher role.
    assert kept.memberships.filter(user=both).count() == 1
    assert kept.memberships.get(user=both).role == Membership.Role.ADMIN
    moved_claim.refresh_from_db()
    assert moved_claim.organisation == kept
    profile.refresh_from_db()
    assert profile.organisation == kept
    assert report.memberships_moved == 1
    assert report.memberships_combined == 1
    assert report.claims_moved == 1
    assert {"acronym", "website"} <= set(report.fields_filled)


def test_merge_keeps_one_pending_claim_per_person(staff):
    kept = OrganisationFactory()
    duplicate = OrganisationFactory()
    claimant = VerifiedUserFactory()
    ClaimFactory(organisation=kept, user=claimant)
    ClaimFactory(organisation=duplicate, user=claimant)
    decided = ClaimFactory(organisation=duplicate, status=Claim.Status.REFUSED, reason="No.")

    review.merge(duplicate, kept, by=staff)

    assert kept.claims.filter(user=claimant, status=Claim.Status.PENDING).count() == 1
    decided.refresh_from_db()
    assert decided.organisation == duplicate  # the history stays where it happened


def test_merge_combines_an_invitation_with_the_accepted_membership(staff):
    kept = OrganisationFactory()
    duplicate = OrganisationFactory()
    person = VerifiedUserFactory(email="ada@example.org")
    Membership.objects.create(
        organisation=kept, email="ada@example.org", state=Membership.State.INVITED
    )
    MembershipFactory(organisation=duplicate, user=person, role=Membership.Role.ADMIN)

    review.merge(duplicate, kept, by=staff)

    [membership] = kept.memberships.all()
    assert membership.user == person
    assert (membership.role, membership.state) == ("admin", "active")


def test_earlier_duplicates_point_at_the_kept_profile_after_a_merge(staff):
    kept = OrganisationFactory()
    duplicate = OrganisationFactory()
    older = OrganisationFactory(merged_into=duplicate)

    review.merge(duplicate, kept, by=staff)

    older.refresh_from_db()
    assert older.merged_into == kept


@pytest.mark.parametrize("case", ["itself", "into_merged", "already_merged"])
def test_impossible_merges_are_refused(staff, case):
    kept = OrganisationFactory()
    other = OrganisationFactory()
    if case == "itself":
        duplicate, into = kept, kept
    elif case == "into_merged":
        kept.merged_into = other
        kept.save()
        duplicate, into = OrganisationFactory(), kept
    else:
        duplicate = OrganisationFactory(merged_into=other)
        into = kept

    with pytest.raises(review.ReviewError):
        review.merge(duplicate, into, by=staff)


def test_a_failing_merge_changes_nothing(staff, monkeypatch):
    kept = OrganisationFactory(acronym="")
    duplicate = OrganisationFactory(acronym="DUP", stages=["training"])
    member = MembershipFactory(organisation=duplicate)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        "actors.review.MemberProfile.objects.filter", broken
    )  # fails after the memberships moved and the fields were filled

    with pytest.raises(RuntimeError):
        review.merge(duplicate, kept, by=staff)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    member.refresh_from_db()
    assert member.organisation == duplicate
    assert kept.acronym == ""
    assert not kept.stages.exists()
    assert duplicate.merged_into is None
