"""Members for tests: `UserFactory` (no verified email yet) and `VerifiedUserFactory`."""

import factory
from allauth.account.models import EmailAddress
from django.conf import settings

# Every factory-made member logs in with this password unless the test gives another
# (test data only: factories never run in a deployment).
DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """A member without a verified email: allauth will not log them in until they verify."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    # allauth logs people in by email; the username only has to be unique, as the email is.
    username = factory.LazyAttribute(lambda user: user.email.lower())
    password = factory.django.Password(DEFAULT_PASSWORD)


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """allauth's record of a member's email address, verified and primary by default."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda address: address.user.email)
    verified = True
    primary = True


class VerifiedUserFactory(UserFactory):
    """A member whose email is verified: can log in and reach the dashboard."""

    email_address = factory.RelatedFactory(EmailAddressFactory, factory_related_name="user")
