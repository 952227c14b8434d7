"""Email subjects are plain text: a name with &, ' or < reads as typed, not as HTML."""

import pytest
from django.template.loader import render_to_string

from actors.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NAME = "Nordfjord Fill & Finish <Patients' Network>"


@pytest.mark.parametrize(
    "template",
    [
        "claim_approved",
        "claim_refused",
        "invitation",
        "reminder",
        "review_approved",
        "review_rejected",
    ],
)
def test_subject_and_body_show_the_name_as_typed(template):
    organisation = OrganisationFactory(name=NAME)
    context = {"organisation": organisation, "site_name": "COBIOE", "reason": "R & D"}
    subject = render_to_string(f"actors/emails/{template}_subject.txt", context)
    body = render_to_string(f"actors/emails/{template}_body.txt", context)
    assert NAME in subject
    assert "&amp;" not in subject + body
    assert "&#x27;" not in subject + body
