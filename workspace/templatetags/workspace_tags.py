from django import template

register = template.Library()


@register.filter
def widget_type(bound_field):
    """The widget's class name in lower case: "radioselect", "textarea", ..."""
    return type(bound_field.field.widget).__name__.lower()
