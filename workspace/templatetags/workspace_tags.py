from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join

from actions.templatetags.action_tags import confidence_tag, status_tag
from workspace.forms.govuk import RevealingRadioSelect

register = template.Library()


@register.filter
def widget_type(bound_field):
    """The widget's class name in lower case: "radioselect", "textarea", ..."""
    widget = bound_field.field.widget
    if isinstance(widget, RevealingRadioSelect):
        return "radioselect"  # radios all the same, with a field under one option
    return type(widget).__name__.lower()


@register.filter
def revealed_by(bound_field, option):
    """The form's field that `option` of these radios reveals, if it reveals one."""
    name = option.data.get("reveals")
    return bound_field.form[name] if name else None


@register.filter
def first_input_id(bound_field):
    """The id an error summary links to: the first radio or checkbox of a group."""
    if widget_type(bound_field) in ("radioselect", "checkboxselectmultiple"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


DATE = "j M Y"


def status_and_confidence(action):
    """The status tag, and the confidence tag beside it when there is one."""
    status, confidence = status_tag(action), confidence_tag(action)
    return format_html("{} {}", status, confidence) if confidence else status


ACTION_ROW = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{} {}'
    '<span class="govuk-visually-hidden"> (update)</span></a>{}</td>'
    '<td class="govuk-table__cell" data-label="Owner">{}</td>'
    '<td class="govuk-table__cell" data-label="Due">{}{}</td>'
    '<td class="govuk-table__cell" data-label="Last update">{}</td>'
    '<td class="govuk-table__cell" data-label="Status">{}</td>'
    "</tr>"
)


STATEMENT_LINE = '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-0">{}</span>'


@register.simple_tag
def dashboard_rows(actions, show_statement=False):
    """The table rows of a dashboard section: one per action, built in Python.

    A dashboard shows up to fifty rows; the same rows as a template loop took
    twice as long (about 0.18 ms a row against 0.09 ms, each row resolving a
    dozen variables, filters and tags). With `show_statement`, each action
    says which statement it belongs to (references repeat across statements).
    """
    return format_html_join(
        "\n",
        ACTION_ROW,
        (
            (
                reverse("workspace:update_action", kwargs={"pk": action.pk}),
                action.reference,
                action.title,
                format_html(STATEMENT_LINE, action.statement.title) if show_statement else "",
                action.owner.job_title,
                dateformat.format(action.effective_due, DATE),
                " (revised)" if action.revised_due_date else "",
                dateformat.format(timezone.localtime(action.last_update_at), DATE)
                if action.last_update_at
                else "Never",
                status_and_confidence(action),
            )
            for action in actions
        ),
    )
