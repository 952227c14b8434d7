"""What each member chose about the notifications the plugins send."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a member hears of one kind of notification (`cobioe.plugins.NOTIFICATION_CHANNELS`)."""

    SITE = "site", _("In the site")
    EMAIL = "email", _("By email")
    BOTH = "both", _("Both")
    NONE = "none", _("None")


IN_SITE = frozenset({Channel.SITE, Channel.BOTH})
BY_EMAIL = frozenset({Channel.EMAIL, Channel.BOTH})


class NotificationPreferenceQuerySet(models.QuerySet):
    def channels_for(self, kind: str, user_ids) -> dict[int, str]:
        """The channel each of these members chose for `kind`, in one query; members who
        never chose are absent (their kind's default applies)."""
        return dict(
            self.filter(kind=kind, user_id__in=list(user_ids)).values_list("user_id", "channel")
        )

    def of(self, user) -> dict[str, str]:
        """Every channel a member chose, by kind."""
        return dict(self.filter(user=user).values_list("kind", "channel"))


class NotificationPreference(models.Model):
    """One member's channel for one kind of notification. Only choices are stored: no row
    means the kind's default, so a kind a plugin adds later needs no data migration, and a
    kind whose plugin is left out keeps its rows for when it comes back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="preference_channel_known"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"
