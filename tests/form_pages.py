"""Helpers for tests that post a page's form back: what it holds, and its errors."""

import datetime


def form_values(response):
    """What the form on the page would post as it stands."""
    return form_values_of(response.context["form"])


def form_values_of(form):
    """What `form` would post as it stands."""
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            value = ""
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(value)
    return data


def errors_of(response):
    return response.context["form"].errors
