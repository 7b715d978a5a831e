from django import template

register = template.Library()


@register.filter
def widget_type(bound_field):
    """The widget's class name in lower case: "radioselect", "textarea", ..."""
    return type(bound_field.field.widget).__name__.lower()


@register.filter
def first_input_id(bound_field):
    """The id an error summary links to: the first radio or checkbox of a group."""
    if widget_type(bound_field) in ("radioselect", "checkboxselectmultiple"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id
