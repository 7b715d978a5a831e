"""How an action's status and delivery confidence look on every page: words in GOV.UK tags.

Python rather than an included template: a dashboard shows dozens of rows, and
an include per row costs more than the rest of the row.
"""

from django import template
from django.utils.html import format_html

from actions.models import Action

register = template.Library()

STATUS_COLOURS = {
    Action.Status.COMPLETE: "green",
    Action.Status.IN_PROGRESS: "blue",
    Action.Status.NOT_STARTED: "grey",
}
CONFIDENCE_COLOURS = {
    Action.Confidence.ON_TRACK: "green",
    Action.Confidence.AT_RISK: "yellow",
    Action.Confidence.OFF_TRACK: "red",
}
TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'


@register.simple_tag
def status_tag(action):
    """The action's status, and "Overdue" beside it when it is."""
    html = format_html(TAG, STATUS_COLOURS[action.status], action.get_status_display())
    if action.is_overdue:
        html += format_html(" " + TAG, "red", "Overdue")
    return html


@register.simple_tag
def confidence_tag(action):
    """Delivery confidence (on track, at risk, off track), or nothing when there is none."""
    if not action.confidence:
        return ""
    return format_html(TAG, CONFIDENCE_COLOURS[action.confidence], action.get_confidence_display())
