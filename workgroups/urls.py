"""What the working groups plugin serves itself under /groups/, beside the pages Wagtail
serves there (the index and each group): the membership actions, all POST. They sit one
level below a group's numeric id; groups have no subpages, so they never meet a page."""

from django.urls import path

from workgroups import views

app_name = "workgroups"

urlpatterns = [
    path("<int:group_id>/join/", views.join, name="join"),
    path("<int:group_id>/request/", views.request_to_join, name="request"),
    path("<int:group_id>/cancel-request/", views.cancel_request, name="cancel_request"),
    path("<int:group_id>/accept/", views.accept_invitation, name="accept"),
    path("<int:group_id>/decline/", views.decline_invitation, name="decline"),
    path("<int:group_id>/leave/", views.leave, name="leave"),
    path("<int:group_id>/invite/", views.invite, name="invite"),
    path("<int:group_id>/members/<int:membership_id>/approve/", views.approve, name="approve"),
    path("<int:group_id>/members/<int:membership_id>/refuse/", views.refuse, name="refuse"),
    path("<int:group_id>/members/<int:membership_id>/remove/", views.remove, name="remove"),
    path(
        "<int:group_id>/members/<int:membership_id>/coordinator/",
        views.make_coordinator,
        name="make_coordinator",
    ),
    path(
        "<int:group_id>/members/<int:membership_id>/member/",
        views.unmake_coordinator,
        name="unmake_coordinator",
    ),
]
