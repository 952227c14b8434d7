"""The member dashboard: the core's account panel, then each installed plugin's panel."""

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from cobioe.plugins import dashboard_panels


@login_required
def dashboard(request):
    email_verified = EmailAddress.objects.filter(
        user=request.user, email__iexact=request.user.email, verified=True
    ).exists()
    return TemplateResponse(
        request,
        "accounts/dashboard.html",
        {"plugin_panels": dashboard_panels(), "email_verified": email_verified},
    )
