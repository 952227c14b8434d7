"""Template filters for the actors plugin's forms."""

from django import template

register = template.Library()


@register.filter
def checkbox_groups(bound_field):
    """The checkboxes of a TermMultipleChoiceField as [(top-level term, [checkbox])], so
    that each group can be its own fieldset."""
    checkboxes = iter(bound_field.subwidgets)
    return [
        (family, [next(checkboxes) for _term in terms])
        for family, terms in bound_field.field.groups()
    ]
