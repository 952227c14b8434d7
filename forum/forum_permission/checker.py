"""Machina's permission checker, with staff as the forums' moderators.

Staff members (active, `is_staff`) hold every forum permission, as machina gives superusers:
the issue makes staff the moderators of every forum, and `is_staff` is the one place the
platform says who they are, so no permission row has to follow it.
"""

from collections import OrderedDict

from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as MachinaForumPermissionChecker,
)
from machina.apps.forum_permission.defaults import PermissionConfig

# Everything but polls, which the forum does not offer (their views are not mounted).
ALL_PERMISSIONS = frozenset(
    p["codename"] for p in PermissionConfig.permissions if p["scope"] != "polls"
)


class ForumPermissionChecker(MachinaForumPermissionChecker):
    @property
    def _is_staff(self):
        user = self.user
        return user.is_authenticated and user.is_active and user.is_staff

    def has_perm(self, perm, forum):
        if self._is_staff:
            return True
        return super().has_perm(perm, forum)

    def get_perms(self, forum):
        if self._is_staff:
            return list(ALL_PERMISSIONS)
        return super().get_perms(forum)

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        if self._is_staff:
            return OrderedDict((forum, set(ALL_PERMISSIONS)) for forum in forums)
        return super().get_perms_for_forumlist(forums, perm_codenames)
