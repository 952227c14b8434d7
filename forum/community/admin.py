from django.contrib import admin

from forum.community.models import PostReport


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    """The reports, for moderators to read: members make them from the forum, nobody edits
    them here."""

    list_display = ["post", "reporter", "reason", "reported"]
    list_select_related = ["post", "reporter"]
    date_hierarchy = "reported"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
