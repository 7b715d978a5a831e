from django import template

from ..charts import measure_chart

register = template.Library()


@register.filter
def measure_value(value, measure):
    """A value in its measure's unit: "12", "45%", "14 weeks", or "no data yet"."""
    return measure.format_value(value)


@register.inclusion_tag("includes/_measure_chart.html")
def chart_of(measure):
    return {"chart": measure_chart(measure), "measure": measure}
