from django.db import models
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
