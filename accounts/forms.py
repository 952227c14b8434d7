"""The form a member uses to choose how they hear of each kind of notification."""

from __future__ import annotations

from django import forms
from django.db import transaction

from accounts.models import Channel, NotificationPreference


class NotificationSettingsForm(forms.Form):
    """One radio group per kind the installed plugins declare, named by its key."""

    def __init__(self, *args, user, groups, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        self.groups = groups
        chosen = NotificationPreference.objects.of(user)
        self.kinds = {}
        for _plugin, kinds in groups:
            for kind in kinds:
                self.kinds[kind.key] = kind
                self.fields[kind.key] = forms.ChoiceField(
                    label=kind.label,
                    choices=Channel.choices,
                    widget=forms.RadioSelect,
                    initial=chosen.get(kind.key, kind.default),
                )

    def grouped_fields(self) -> list[tuple[str, list]]:
        """(plugin name, its bound fields), for the template."""
        return [
            (plugin.verbose_name, [self[kind.key] for kind in kinds])
            for plugin, kinds in self.groups
        ]

    @transaction.atomic
    def save(self) -> None:
        """Only choices that differ from a kind's default are stored, so a member who
        never chose otherwise follows the default."""
        defaults = [
            key for key, kind in self.kinds.items() if self.cleaned_data[key] == kind.default
        ]
        chosen = [
            NotificationPreference(user=self.user, kind=key, channel=self.cleaned_data[key])
            for key in self.kinds
            if key not in defaults
        ]
        NotificationPreference.objects.filter(user=self.user, kind__in=defaults).delete()
        NotificationPreference.objects.bulk_create(
            chosen,
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["channel"],
        )
