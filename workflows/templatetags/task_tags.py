from django import template

from ..display import event_in_words, step_title

register = template.Library()


@register.filter
def in_words(event):
    """An audit row as a sentence ("Sam Supervisor approved it")."""
    return event_in_words(event)


@register.filter
def step_of(event):
    """The step of the flow an audit row is about ("Review"), or ""."""
    return step_title(event.detail)
