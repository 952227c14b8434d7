"""The member dashboard (the core's account panel, then each installed plugin's panel),
the notification centre and the notification settings."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import NotificationSettingsForm
from accounts.notifications import notifications_of, presented
from cobioe.plugins import dashboard_panels, notification_kind_groups

NOTIFICATIONS_PER_PAGE = 20
# The dashboard shows the latest few unread notifications; the centre has the rest.
DASHBOARD_NOTIFICATIONS = 5


@login_required
def dashboard(request):
    email_verified = EmailAddress.objects.filter(
        user=request.user, email__iexact=request.user.email, verified=True
    ).exists()
    latest_unread = presented(notifications_of(request.user).unread()[:DASHBOARD_NOTIFICATIONS])
    return TemplateResponse(
        request,
        "accounts/dashboard.html",
        {
            "plugin_panels": dashboard_panels(),
            "email_verified": email_verified,
            "latest_unread": latest_unread,
        },
    )


@login_required
def notification_centre(request):
    page = Paginator(notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = presented(page.object_list)
    return TemplateResponse(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def mark_notification_read(request, pk):
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    notification.mark_as_read()
    messages.success(request, _("Notification marked as read."))
    return _back(request)


@login_required
@require_POST
def mark_all_notifications_read(request):
    count = notifications_of(request.user).mark_all_as_read()
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    else:
        messages.info(request, _("You had no unread notifications."))
    return _back(request)


@login_required
def notification_settings(request):
    """How the member hears of each kind of notification: in the site, by email, both or
    none. A bad value saves nothing."""
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        groups=notification_kind_groups(),
    )
    if form.is_bound:
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification_settings")
        messages.error(
            request, _("Your notification settings were not saved: choose one option per line.")
        )
    return TemplateResponse(request, "accounts/notification_settings.html", {"form": form})


def _back(request):
    """To the page the form was on (the centre's page, the dashboard), if it is ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notification_centre")
