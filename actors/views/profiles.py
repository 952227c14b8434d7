"""The public profile of an organisation at /actors/<slug>/."""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from actors.models import Organisation


def profile(request, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    return render(request, "actors/profile.html", {"organisation": organisation})


urlpatterns = [
    path("<slug:slug>/", profile, name="profile"),
]
