"""Who may read a forum, answered for many members at once from machina's permission rows
(a fixed number of queries, where machina's handler would check members one by one).

A member reads a forum when they are active staff or a superuser, or when the forum and each
of its ancestors grant `can_read_forum` to all signed-in members or to them by name. This is
the rule forum.permissions writes; notifications use it so that nobody hears of a forum they
cannot read.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, Q
from machina.core.db.models import get_model

UserForumPermission = get_model("forum_permission", "UserForumPermission")


def readers(forum, users=None):
    """The active users (among `users`, a queryset, if given) who may read `forum`."""
    users = get_user_model().objects.filter(is_active=True) if users is None else users
    users = users.filter(is_active=True)
    everyone_in = Q(is_staff=True) | Q(is_superuser=True)
    condition = Q()
    for node in [*forum.get_ancestors(), forum]:
        rows = UserForumPermission.objects.filter(
            forum=node, permission__codename="can_read_forum", has_perm=True
        )
        condition &= Q(Exists(rows.filter(authenticated_user=True))) | Q(
            pk__in=rows.filter(user__isnull=False).values("user_id")
        )
    return users.filter(everyone_in | condition)


def moderators(forum):
    """Who moderates the forum: active staff, and the members it grants approval to (a
    group's coordinators)."""
    rows = UserForumPermission.objects.filter(
        forum=forum, permission__codename="can_approve_posts", has_perm=True, user__isnull=False
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(pk__in=rows.values("user_id")))
    )
