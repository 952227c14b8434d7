"""How allauth presents members on this platform (its ACCOUNT_USER_DISPLAY hook)."""


def user_display(user):
    """How allauth names a member in its pages and messages: by the email they log in with
    (the username is generated and means nothing to them). For ACCOUNT_USER_DISPLAY."""
    return user.email or user.get_username()
