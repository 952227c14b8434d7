"""The documents of working groups: each group's Wagtail collection, and who may download
what is filed there.

A group's collection sits under the working groups' collection (the index page's). A
document filed in a group's collection (or below it) may be downloaded by those who may
see that group's content; one filed in the working groups' area but in no group (its group
was deleted, or it was put at the top) only by staff.
"""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.models import Collection

from workgroups.models import WorkingGroupIndexPage, WorkingGroupPage, is_staff


def _ancestor_paths(collection: Collection) -> list[str]:
    step = Collection.steplen
    return [collection.path[:end] for end in range(step, len(collection.path) + 1, step)]


def may_download(document, user) -> bool | None:
    """Whether `user` may download `document`: True or False for a document of the
    working groups' area, None for any other (not this plugin's business)."""
    collection = document.collection
    paths = _ancestor_paths(collection)
    group = (
        WorkingGroupPage.objects.filter(collection__path__in=paths)
        .order_by("-collection__depth")
        .first()
    )
    if group is not None:
        if is_staff(user):
            return True
        visible = WorkingGroupPage.objects.visible_to(user).filter(pk=group.pk).exists()
        return visible and group.can_see_content(user)
    if WorkingGroupIndexPage.objects.filter(collection__path__in=paths).exists():
        return is_staff(user)
    return None


def documents_of(group):
    """The documents filed under the group's collection, newest first."""
    if group.collection_id is None:
        return get_document_model().objects.none()
    return (
        get_document_model()
        .objects.filter(collection__path__startswith=group.collection.path)
        .order_by("-created_at", "-pk")
    )
