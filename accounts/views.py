"""The member dashboard: the core's account panel, then each installed plugin's panel."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from cobioe.plugins import dashboard_panels


@login_required
def dashboard(request):
    return TemplateResponse(
        request, "accounts/dashboard.html", {"plugin_panels": dashboard_panels()}
    )
