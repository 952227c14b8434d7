"""Signals the working groups plugin sends, so that other plugins (the forum) can follow
the groups and add to their pages without the working groups knowing them.

membership_changed(group, user, membership)
    Sent after the transaction commits, whenever someone's membership of a group is
    created, changes (state or role: join, request, invite, approve, accept, promote,
    demote) or ends (refuse, decline, cancel, leave, remove). `membership` is the row as
    it now stands, or None when it was deleted. Not sent for the rows a deleted group
    takes with it: `group_changed` with reason "deleted" says it all.

group_changed(group, group_id, reason)
    Sent after the transaction commits when a group is published ("published"; this is
    also when a change of visibility or join policy takes effect), unpublished
    ("unpublished"), deleted ("deleted": `group` is the instance as it was, `group_id`
    its former id), or a Wagtail view restriction on it or above it is set or lifted
    ("restriction").

group_sections(group, request)
    Sent by a group's page, only when the viewer may see the group's content
    (`group.can_see_content(request.user)`). A receiver returns a `GroupSection` (or a
    list of them) to add to the page, or None. Its queries count in the page's budget:
    keep them fixed in number.

group_activity(groups, user)
    Sent by the dashboard panel with the groups `user` belongs to (all of them visible to
    them, content included). A receiver returns a list of `ActivityItem`, newest first;
    the panel merges them. One call for all the groups: answer in a fixed number of
    queries.

Every signal's sender is the `WorkingGroupPage` class (`Membership` for
membership_changed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.dispatch import Signal
from django.template.loader import render_to_string

membership_changed = Signal()
group_changed = Signal()
group_sections = Signal()
group_activity = Signal()


@dataclass
class GroupSection:
    """A block another plugin adds to a group's page: a template and its own context (the
    template does not see the page's context). `title` names the section in the page."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100

    def render(self, request) -> str:
        return render_to_string(self.template, self.context, request=request)


@dataclass
class ActivityItem:
    """Something that happened in a group (a new topic, a reply), for the dashboard."""

    group: Any  # the WorkingGroupPage
    title: str  # plain text; shown as the link text
    url: str
    when: datetime
    summary: str = ""  # plain text, one line


def collect_group_sections(group, request) -> list[GroupSection]:
    """The sections the installed plugins add to this group's page, in order; none when
    the viewer may not see the group's content."""
    if not group.can_see_content(request.user):
        return []
    sections: list[GroupSection] = []
    for _receiver, answer in group_sections.send(sender=type(group), group=group, request=request):
        if answer is None:
            continue
        sections.extend(answer if isinstance(answer, list | tuple) else [answer])
    return sorted(sections, key=lambda section: section.order)


def collect_group_activity(groups, user, limit: int = 10) -> list[ActivityItem]:
    """The latest activity the installed plugins report in `groups`, newest first."""
    groups = list(groups)
    if not groups:
        return []
    from workgroups.models import WorkingGroupPage

    items: list[ActivityItem] = []
    for _receiver, answer in group_activity.send(sender=WorkingGroupPage, groups=groups, user=user):
        items.extend(answer or ())
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]
