"""What the working groups plugin serves itself under /groups/, beside the pages Wagtail
serves there (the index and each group). Groups have no subpages, so these paths, one
level below a group's id, never meet a page's."""

app_name = "workgroups"

urlpatterns: list = []
