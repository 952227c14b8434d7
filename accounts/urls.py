from django.urls import path

from accounts.views import (
    dashboard,
    mark_all_notifications_read,
    mark_notification_read,
    notification_centre,
    notification_settings,
)

urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
    path("notifications/", notification_centre, name="notification_centre"),
    path("notifications/settings/", notification_settings, name="notification_settings"),
    path("notifications/read/", mark_all_notifications_read, name="notifications_mark_all_read"),
    path("notifications/<int:pk>/read/", mark_notification_read, name="notification_mark_read"),
]
