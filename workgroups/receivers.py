"""Signal receivers of the working groups plugin: turn model and page events into the
plugin's own signals (workgroups.signals), always after the transaction commits, so that
a receiver never acts on a change that is rolled back."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from notifications.models import Notification
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from workgroups.models import Membership, WorkingGroupPage
from workgroups.signals import group_changed, membership_changed


def _cached_group(membership):
    return membership.group if Membership.group.is_cached(membership) else None


def _cached_user(membership):
    return membership.user if Membership.user.is_cached(membership) else None


@receiver(post_save, sender=Membership, dispatch_uid="workgroups.membership_saved")
def membership_saved(sender, instance, **kwargs):
    group, user = _cached_group(instance), _cached_user(instance)

    def send():
        membership_changed.send(
            sender=Membership,
            group=group or WorkingGroupPage.objects.get(pk=instance.group_id),
            user=user or get_user_model().objects.get(pk=instance.user_id),
            membership=instance,
        )

    transaction.on_commit(send)


@receiver(post_delete, sender=Membership, dispatch_uid="workgroups.membership_deleted")
def membership_deleted(sender, instance, **kwargs):
    group, group_id = _cached_group(instance), instance.group_id
    user, user_id = _cached_user(instance), instance.user_id

    def send():
        # A row deleted with its group (or its member's account) has nothing to follow.
        found_group = group or WorkingGroupPage.objects.filter(pk=group_id).first()
        found_user = user or get_user_model().objects.filter(pk=user_id).first()
        if found_group is None or found_user is None:
            return
        membership_changed.send(
            sender=Membership, group=found_group, user=found_user, membership=None
        )

    transaction.on_commit(send)


def _send_group_changed(group, reason):
    group_id = group.pk
    transaction.on_commit(
        lambda: group_changed.send(
            sender=WorkingGroupPage, group=group, group_id=group_id, reason=reason
        )
    )


@receiver(page_published, sender=WorkingGroupPage, dispatch_uid="workgroups.group_published")
def group_published(sender, instance, **kwargs):
    _send_group_changed(instance, "published")


@receiver(page_unpublished, sender=WorkingGroupPage, dispatch_uid="workgroups.group_unpublished")
def group_unpublished(sender, instance, **kwargs):
    _send_group_changed(instance, "unpublished")


@receiver(post_delete, sender=WorkingGroupPage, dispatch_uid="workgroups.group_deleted")
def group_deleted(sender, instance, **kwargs):
    _send_group_changed(instance, "deleted")


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="workgroups.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="workgroups.restriction_deleted")
def restriction_changed(sender, instance, **kwargs):
    # A restriction covers the page and everything under it. When the page itself is
    # being deleted, the deletion sends its own signal.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    for group in WorkingGroupPage.objects.descendant_of(page, inclusive=True):
        _send_group_changed(group, "restriction")


@receiver(group_changed, dispatch_uid="workgroups.hide_notifications_of_gone_group")
def hide_notifications_of_gone_group(sender, group, group_id, reason, **kwargs):
    # A group that is unpublished or deleted leads nowhere: its notifications leave every
    # notification centre (a restriction may hide it from some only, so it is left alone).
    if reason not in ("unpublished", "deleted"):
        return
    Notification.objects.filter(
        target_content_type=ContentType.objects.get_for_model(WorkingGroupPage),
        target_object_id=str(group_id),
    ).update(public=False)
