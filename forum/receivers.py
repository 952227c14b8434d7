"""The forum follows the working groups (their forums, their rights) and its own posts
(following a topic one posts in, notifications)."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from machina.core.db.models import get_model

from forum import group_pages, groups, notifications
from workgroups.signals import group_activity, group_changed, group_sections, membership_changed

Post = get_model("forum_conversation", "Post")


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


@receiver(pre_save, sender=Post, dispatch_uid="forum.post_was_approved")
def remember_approval(sender, instance, raw=False, **kwargs):
    instance._forum_was_approved = bool(
        instance.pk
        and not raw
        and sender._default_manager.filter(pk=instance.pk, approved=True).exists()
    )


@receiver(post_save, sender=Post, dispatch_uid="forum.post_published")
def post_saved(sender, instance, created, raw=False, **kwargs):
    """A post published (saved approved, or approved by a moderator) follows its topic for
    its author and tells those concerned, once the transaction is committed."""
    if raw or not instance.approved or getattr(instance, "_forum_was_approved", False):
        return
    if notifications.is_silenced():
        return
    transaction.on_commit(lambda: notifications.post_published(instance.pk))


@receiver(group_sections, dispatch_uid="forum.group_sections")
def group_section(sender, group, request, **kwargs):
    return group_pages.group_section(group, request)


@receiver(group_activity, dispatch_uid="forum.group_activity")
def group_activity_items(sender, groups, user, **kwargs):
    return group_pages.group_activity(groups, user)
