"""The form a member uses to choose the news they follow and how they get it."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from actors.forms import TermMultipleChoiceField
from actors.models import MemberProfile, Technology, ValueChainStage
from news.matching import Interests
from news.models import Subscription, Topic


class MonitoringSettingsForm(forms.Form):
    """Topics, digest and notices live on the news Subscription; stages, technologies and
    countries on the actors MemberProfile, where the member profile page edits them too.
    The vocabulary fields offer the same choices as that page, so that saving one form
    never drops what the other chose."""

    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        label=_("Topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stages = TermMultipleChoiceField(
        ValueChainStage.objects.all(),
        label=_("Value-chain stages"),
        required=False,
        help_text=_("A stage in general also covers its sub-stages."),
    )
    technologies = TermMultipleChoiceField(
        Technology.objects.all(),
        families_selectable=False,
        label=_("Technologies"),
        required=False,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave empty to follow the news of every country. With countries chosen, you see "
            "the news about them and the news about Europe as a whole."
        ),
    )
    digest = forms.ChoiceField(
        label=_("Email digest"),
        choices=Subscription.Digest.choices,
        widget=forms.RadioSelect,
        help_text=_("An email of the news that matched since the last one; none when nothing did."),
    )
    notify_in_site = forms.BooleanField(
        label=_("Notify me in the site when an article in my fields is published"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = MemberProfile._meta.get_field(
            "interest_countries"
        ).get_choices(include_blank=False)
        if not self.is_bound:
            self.initial = self.current_values(user)

    @staticmethod
    def current_values(user) -> dict:
        """What the member follows now, read without creating anything (a GET changes
        nothing)."""
        interests = Interests.for_user(user)
        subscription = (
            Subscription.objects.filter(user=user).only("digest", "notify_in_site").first()
        )
        return {
            "topics": sorted(interests.chosen["topics"]),
            "stages": sorted(interests.chosen["stages"]),
            "technologies": sorted(interests.chosen["technologies"]),
            "countries": sorted(interests.countries),
            "digest": subscription.digest if subscription else Subscription.Digest.NONE,
            "notify_in_site": subscription.notify_in_site if subscription else False,
        }

    @transaction.atomic
    def save(self) -> None:
        """Stores the choices, creating the member's profile and subscription if they have
        none yet."""
        data = self.cleaned_data
        profile = MemberProfile.for_user(self.user)
        profile.interest_countries = data["countries"]
        profile.save(update_fields=["interest_countries", "updated_at"])
        profile.interest_stages.set(data["stages"])
        profile.interest_technologies.set(data["technologies"])

        subscription = Subscription.for_user(self.user)
        subscription.set_digest(data["digest"])
        subscription.notify_in_site = data["notify_in_site"]
        subscription.save()
        subscription.topics.set(data["topics"])
