from django import template
from django.utils.safestring import mark_safe

from workstreams.glossary import Glossary
from workstreams.models import SuccessMeasure

from ..charts import measure_chart

register = template.Library()


@register.filter
def measure_value(value, measure):
    """A value in its measure's unit: "12", "45%", "14 weeks", or "no data yet"."""
    return measure.format_value(value)


@register.inclusion_tag("includes/_measure_chart.html")
def chart_of(measure):
    return {"chart": measure_chart(measure), "measure": measure}


@register.simple_tag
def trajectory_rule():
    """The plain-English rule for "on trajectory", as the maths applies it."""
    return SuccessMeasure.TRAJECTORY_RULE


@register.simple_tag(takes_context=True)
def explained(context, text):
    """Plain text, escaped, with abbreviations expanded where the page first uses them."""
    request = context.get("request")
    glossary = getattr(request, "_glossary", None)
    if glossary is None:
        glossary = Glossary.load()
        if request is not None:
            request._glossary = glossary
    return mark_safe(glossary.explain(text).replace("\n", "<br>\n"))  # noqa: S308 - escaped
