"""The dashboard panel's data: the member's groups, what is waiting for them (invitations,
their own requests, requests in the groups they coordinate), and the latest activity the
other plugins report, in a fixed number of queries whatever the number of groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.db.models import Count, Q

from workgroups.models import Membership, WorkingGroupPage
from workgroups.signals import ActivityItem, collect_group_activity

register = template.Library()


@dataclass
class Panel:
    groups: list = field(default_factory=list)  # (group, membership, requests waiting)
    invitations: list[Membership] = field(default_factory=list)
    requests: list[Membership] = field(default_factory=list)
    activity: list[ActivityItem] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def groups_panel(context) -> Panel:
    """Two queries (the view restrictions, the member's rows with their groups), a third
    for a coordinator (the requests waiting in their groups), plus what the activity
    receivers ask."""
    user = context["request"].user
    panel = Panel()
    if not user.is_authenticated:
        return panel
    visible = WorkingGroupPage.objects.visible_to(user)
    rows = list(
        Membership.objects.filter(user=user, group__in=visible)
        .select_related("group")
        .order_by("group__title", "pk")
    )
    coordinated = [
        row.group_id
        for row in rows
        if row.state == Membership.State.ACTIVE and row.role == Membership.Role.COORDINATOR
    ]
    waiting = (
        dict(
            Membership.objects.requested()
            .filter(group__in=coordinated)
            .order_by()
            .values_list("group")
            .annotate(count=Count("pk", filter=Q(state=Membership.State.REQUESTED)))
        )
        if coordinated
        else {}
    )
    active_groups = []
    for row in rows:
        row.group.__dict__.setdefault("_membership_cache", {})[user.pk] = row
        if row.state == Membership.State.ACTIVE:
            panel.groups.append((row.group, row, waiting.get(row.group_id, 0)))
            active_groups.append(row.group)
        elif row.state == Membership.State.INVITED:
            panel.invitations.append(row)
        else:
            panel.requests.append(row)
    panel.activity = collect_group_activity(active_groups, user)
    return panel
