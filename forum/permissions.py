"""Who may do what in which forum, written as machina's own permission rows.

A forum's rights are stored as machina's UserForumPermission rows, so that machina's views,
templates and moderation tools apply them unchanged:

- a sector forum: visitors read, signed-in members read and post;
- a public group's forum: visitors and members read, the group's members post;
- a members-only group's forum: its members only, and no one else even sees it;
- a group's coordinators moderate its forum; staff moderate every forum (forum_permission's
  checker), which is why staff need no rows.

No default right is given to all signed-in members (MACHINA_DEFAULT_AUTHENTICATED_USER_
FORUM_PERMISSIONS is empty): a right is always a row on one forum.
"""

from __future__ import annotations

from machina.core.db.models import get_model

ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

READ = ("can_see_forum", "can_read_forum", "can_download_file")
POST = (
    *READ,
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",
    "can_post_without_approval",
    "can_attach_file",
)
MODERATE = (
    *POST,
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
    "can_post_stickies",
    "can_post_announcements",
)


def _permissions(codenames) -> dict[str, object]:
    # The rows machina creates after migrating; created here too, for a forum made before.
    existing = {p.codename: p for p in ForumPermission.objects.filter(codename__in=codenames)}
    for codename in set(codenames) - set(existing):
        existing[codename] = ForumPermission.objects.create(codename=codename)
    return existing


def set_everyone(forum, *, anonymous=(), authenticated=()) -> None:
    """What visitors and every signed-in member may do in the forum (replacing what was)."""
    UserForumPermission.objects.filter(forum=forum, user__isnull=True).delete()
    permissions = _permissions({*anonymous, *authenticated})
    UserForumPermission.objects.bulk_create(
        [
            UserForumPermission(
                forum=forum, permission=permissions[c], anonymous_user=True, has_perm=True
            )
            for c in anonymous
        ]
        + [
            UserForumPermission(
                forum=forum, permission=permissions[c], authenticated_user=True, has_perm=True
            )
            for c in authenticated
        ]
    )


def set_members(forum, rights: dict) -> None:
    """Give each user exactly the given rights in the forum ({user: codenames}); users not
    named keep none."""
    UserForumPermission.objects.filter(forum=forum, user__isnull=False).delete()
    permissions = _permissions({c for codenames in rights.values() for c in codenames})
    UserForumPermission.objects.bulk_create(
        UserForumPermission(forum=forum, permission=permissions[c], user=user, has_perm=True)
        for user, codenames in rights.items()
        for c in codenames
    )


def set_member(forum, user, codenames=()) -> None:
    """One user's rights in the forum (none: they lose them all)."""
    UserForumPermission.objects.filter(forum=forum, user=user).delete()
    permissions = _permissions(codenames)
    UserForumPermission.objects.bulk_create(
        UserForumPermission(forum=forum, permission=permissions[c], user=user, has_perm=True)
        for c in codenames
    )


def open_sector_forum(forum) -> None:
    set_everyone(forum, anonymous=READ, authenticated=POST)


def open_category(forum) -> None:
    """A category everyone sees (machina hides a forum whose parent one cannot see)."""
    set_everyone(forum, anonymous=READ, authenticated=READ)
