"""Signals the actors plugin sends, so that other plugins can add to its pages without
the actors plugin knowing them.

profile_sections
    Sent by the public profile view with `organisation` and `request`. A receiver returns
    a `ProfileSection` to add to the page, or None to add nothing. The sections are shown
    after the profile's own ones, by `order`, then in the order receivers were connected.
    A receiver's queries count in the page's budget: keep them fixed in number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.dispatch import Signal
from django.template.loader import render_to_string

profile_sections = Signal()


@dataclass
class ProfileSection:
    """A block another plugin adds to an organisation's profile: a template and its own
    context (the template does not see the profile's context)."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100

    def render(self, request) -> str:
        return render_to_string(self.template, self.context, request=request)


def collect_profile_sections(organisation, request) -> list[ProfileSection]:
    """The sections the installed plugins add to this organisation's profile, in order."""
    sections = [
        section
        for _receiver, section in profile_sections.send(
            sender=type(organisation), organisation=organisation, request=request
        )
        if section is not None
    ]
    return sorted(sections, key=lambda section: section.order)
