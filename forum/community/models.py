from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GroupForumQuerySet(models.QuerySet):
    def for_groups(self, groups):
        return self.filter(group_id__in=[g.pk for g in groups])


class GroupForum(models.Model):
    """The forum of a working group (machina's Forum), made when the group is published.

    It lives here because machina's `forum` label keeps machina's migrations, and the
    working groups must not know the forum. The group is referenced without a database
    constraint and without cascade: when a group is deleted, the forum plugin hears of it
    after the fact (group_changed, reason "deleted", with the former id) and must still find
    the forum to close it.
    """

    group = models.OneToOneField(
        "workgroups.WorkingGroupPage",
        verbose_name=_("working group"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    forum = models.OneToOneField(
        "forum.Forum", verbose_name=_("forum"), on_delete=models.CASCADE, related_name="+"
    )

    objects = GroupForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("group forum")
        verbose_name_plural = _("group forums")

    def __str__(self):
        return str(self.forum)


# Reports ------------------------------------------------------------------------------

# What a member may say of a post they report (the form's textarea says the same).
REPORT_REASON_MAX_LENGTH = 500

# A member who reports the same post again within this time tells the moderators nothing
# new: they were told once.
REPORT_REPEAT_DELAY = timedelta(hours=24)


class PostReport(models.Model):
    """A member's latest report of a post: one row per post and member, so that reporting
    it again within REPORT_REPEAT_DELAY changes nothing and the moderators are told once;
    later, the row takes the new reason and date and they are told again."""

    post = models.ForeignKey(
        "forum_conversation.Post",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=REPORT_REASON_MAX_LENGTH, blank=True)
    reported = models.DateTimeField(_("reported on"), default=timezone.now)

    class Meta:
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        ordering = ["-reported", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_member")
        ]

    def __str__(self):
        return f"{self.post} ({self.reporter})"

    def is_recent(self) -> bool:
        return self.reported > timezone.now() - REPORT_REPEAT_DELAY
