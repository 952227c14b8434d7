"""How the forum names a member: the display name of their profile, never their email (the
forum may be public) nor the username allauth generated."""

from django.utils.translation import gettext as _


def get_forum_member_display_name(user):
    if user is None:
        return _("A former member")
    profile = getattr(user, "member_profile", None)
    if profile is not None and profile.display_name:
        return profile.display_name
    return _("Member %(number)s") % {"number": user.pk}
