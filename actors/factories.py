"""Test data for the actors app: organisations, their members, claims and profiles.

The vocabularies come from the data migration; factories pick terms by slug
(`ValueChainStage.objects.get(slug="production")`) rather than inventing new ones.
"""

import factory
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors.models import (
    ActorType,
    Claim,
    MemberProfile,
    Membership,
    Organisation,
    Technology,
    ValueChainStage,
)


class ActorTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorType
        django_get_or_create = ("slug",)

    slug = "sme-start-up"
    name = "SME / start-up"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A published organisation in France; pass `stages=[...]`/`technologies=[...]` as
    slugs to place it on the chain."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Biotherapy Works {n}")
    actor_type = factory.SubFactory(ActorTypeFactory)
    description = "Process development for viral vectors."
    country = "FR"
    city = "Évry-Courcouronnes"
    latitude = 48.6294
    longitude = 2.4417
    status = Organisation.Status.PUBLISHED
    last_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def stages(self, create, slugs, **kwargs):
        if create and slugs:
            self.stages.set(ValueChainStage.objects.filter(slug__in=slugs))

    @factory.post_generation
    def technologies(self, create, slugs, **kwargs):
        if create and slugs:
            self.technologies.set(Technology.objects.filter(slug__in=slugs))


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active admin of an organisation."""

    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(VerifiedUserFactory)
    role = Membership.Role.ADMIN
    state = Membership.State.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    organisation = factory.SubFactory(OrganisationFactory, source="ror")
    user = factory.SubFactory(VerifiedUserFactory)
    message = "I run the process development team."


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(VerifiedUserFactory)
    display_name = factory.Faker("name")
    job_title = "Process engineer"
