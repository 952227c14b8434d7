"""The forum follows the working groups: their forums, their rights, their pages."""

from django.dispatch import receiver

from forum import groups
from workgroups.signals import group_changed, membership_changed


@receiver(group_changed, dispatch_uid="forum.group_changed")
def follow_group(sender, group, group_id, reason, **kwargs):
    if reason == "deleted":
        forum = groups.forum_of_group(group_id)
        if forum is not None:
            groups.close_forum(forum)
        return
    groups.sync_group_forum(group)


@receiver(membership_changed, dispatch_uid="forum.membership_changed")
def follow_membership(sender, group, user, membership, **kwargs):
    groups.sync_member(group, user, membership)
