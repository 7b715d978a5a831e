"""A hand-made admin POST naming a related row by something that is not an id gets
the form again with the field's error, never a 500.

Django's autocomplete widget looks up the posted value to show it again, and a value
that is not a number made that lookup fail (`ForgivingAutocomplete`).
"""

import pytest
from django.contrib import admin

from workstreams.admin import ForgivingAutocomplete

pytestmark = pytest.mark.django_db

AUTOCOMPLETE_FIELDS = [
    (model, field)
    for model, model_admin in admin.site._registry.items()
    for field in model_admin.autocomplete_fields
]


def test_the_admins_have_autocomplete_fields_to_check():
    assert len(AUTOCOMPLETE_FIELDS) >= 4


@pytest.mark.parametrize(
    "model, field", AUTOCOMPLETE_FIELDS, ids=[f"{m.__name__}.{f}" for m, f in AUTOCOMPLETE_FIELDS]
)
@pytest.mark.parametrize("value", ["not-a-number", "1.5", "-", "99999999999999999999"])
def test_an_autocomplete_field_given_a_value_that_is_no_id_is_an_error(
    admin_client, model, field, value
):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
    response = admin_client.post(url, {field: value})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not model.objects.exists()


def test_every_inline_with_autocomplete_fields_is_forgiving_too():
    inlines = [
        inline
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if inline.autocomplete_fields
    ]
    assert inlines
    assert all(issubclass(inline, ForgivingAutocomplete) for inline in inlines)
