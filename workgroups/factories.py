"""Test data for the working groups: the /groups/ section, groups and their members.

index = WorkingGroupIndexPageFactory(parent=home)
group = WorkingGroupPageFactory(parent=index, visibility="members", join_policy="request",
                                topics=["cell therapy"], stages=["production"])
MembershipFactory(group=group, user=member)                   # an active member
MembershipFactory(group=group, coordinator=True)              # an active coordinator
MembershipFactory(group=group, user=someone, state="requested")

Stages come from the actors data migration and are named by slug.
"""

import factory
import wagtail_factories
from django.utils import timezone

from accounts.factories import VerifiedUserFactory
from actors.models import ValueChainStage
from workgroups.models import Membership, WorkingGroupIndexPage, WorkingGroupPage


class WorkingGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Working groups"
    slug = "groups"
    introduction = "Actors of the sector meet in working groups."

    class Meta:
        model = WorkingGroupIndexPage


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    """A live, public group one joins on request; pass `topics=` as names and `stages=`
    as slugs."""

    title = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    summary = "Actors who work on the same questions, together."
    description = "<p>What the group works on and how it meets.</p>"
    visibility = WorkingGroupPage.Visibility.PUBLIC
    join_policy = WorkingGroupPage.JoinPolicy.REQUEST
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = WorkingGroupPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, names, **kwargs):
        if names:
            self.topics.add(*names)
            if create:
                self.save()

    @factory.post_generation
    def stages(self, create, slugs, **kwargs):
        if slugs:
            self.stages.set(list(ValueChainStage.objects.filter(slug__in=slugs)))
            if create:
                self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member of a group; `coordinator=True` for a coordinator."""

    class Meta:
        model = Membership

    class Params:
        coordinator = factory.Trait(role=Membership.Role.COORDINATOR)

    group = factory.SubFactory(WorkingGroupPageFactory)
    user = factory.SubFactory(VerifiedUserFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE
    decided = factory.LazyAttribute(
        lambda m: timezone.now() if m.state == Membership.State.ACTIVE else None
    )
