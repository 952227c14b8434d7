"""Moving a topic: machina's move view with a destination list that works on Django 5.

Machina marks the forums one may not choose (categories, the topic's own forum) by giving
them a dict as label; since Django 5.0 a mapping among choices is a group of options, so the
list showed "label" and "disabled" as choices, and choosing one was a 500. This form lists
each forum once, by id, and disables those with a widget of its own.
"""

from django import forms
from django.utils.translation import gettext as _
from machina.core.loading import get_class

BaseTopicMoveForm = get_class("forum_moderation.forms", "TopicMoveForm")
BaseTopicMoveView = get_class("forum_moderation.views", "TopicMoveView")


class SelectWithDisabled(forms.Select):
    """A select whose options listed in `disabled_values` are shown but cannot be chosen."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = {str(value) for value in disabled_values}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


class TopicMoveForm(BaseTopicMoveForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The forums machina computed (those where the user may move topics to), in its
        # order, with its labels; only the way they are given to Django changes.
        self.destinations = {
            forum.pk: forum
            for forum in self.allowed_forums
            if not forum.is_category and not forum.is_link and forum.pk != self.topic.forum_id
        }
        field = self.fields["forum"]
        field.widget = SelectWithDisabled(
            disabled_values=[f.pk for f in self.allowed_forums if f.pk not in self.destinations]
        )
        field.choices = [
            (forum.pk, "{} {}".format("-" * forum.margin_level, forum.name))
            for forum in self.allowed_forums
        ]

    @property
    def has_destination(self) -> bool:
        return bool(self.destinations)

    def clean_forum(self):
        forum = self.destinations.get(int(self.cleaned_data["forum"]))
        if forum is None:  # a category, or the forum the topic is in
            raise forms.ValidationError(_("The topic cannot be moved there: choose a forum."))
        return forum


class TopicMoveView(BaseTopicMoveView):
    form_class = TopicMoveForm
