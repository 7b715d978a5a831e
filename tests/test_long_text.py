"""Every form speaks plainly: text longer than a field takes is refused with a message
next to the field, never cut short by the browser without a word (no maxlength on any
input or text area), and a wrong web address or date says what it must be."""

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_the_update_form_has_no_maxlength_and_says_what_is_too_long(client, officer, action):
    client.force_login(officer)
    address = reverse("workspace:update_action", kwargs={"pk": action.pk})
    assert "maxlength" not in client.get(address).content.decode()
    response = client.post(
        address,
        {
            "status": Action.Status.IN_PROGRESS,
            "confidence": Action.Confidence.AT_RISK,
            "public_summary": "a" * 2001,
            "version": action.version,
        },
    )
    assert response.context["form"].errors == {
        "public_summary": [
            "The summary for families must be 2,000 characters or fewer (it has 2,001)."
        ]
    }
    assert 'href="#id_public_summary"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_plan_forms_have_no_maxlength_and_say_what_is_too_long(client, manager, action):
    client.force_login(manager)
    address = reverse("workspace:action_edit", kwargs={"pk": action.pk})
    page = client.get(address)
    assert "maxlength" not in page.content.decode()
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and name in page.context["form"].fields
    }
    response = client.post(address, {**data, "title": "t" * 201})
    assert response.context["form"].errors["title"] == [
        "The title must be 200 characters or fewer (it has 201)."
    ]


def test_the_comment_form_has_no_maxlength(client, parent, action):
    client.force_login(parent)
    page = client.get(reverse("review:action", kwargs={"pk": action.pk}))
    assert "maxlength" not in page.content.decode()


def test_every_form_says_what_is_wrong_with_a_web_address_or_a_date(client, officer, action):
    client.force_login(officer)
    response = client.post(
        reverse("workspace:update_action", kwargs={"pk": action.pk}),
        {
            "status": Action.Status.IN_PROGRESS,
            "confidence": Action.Confidence.AT_RISK,
            "evidence_link": "the minutes on the intranet",
            "revised_due_date": "2019-02-31",
            "revision_reason": "Delayed",
            "version": action.version,
        },
    )
    errors = response.context["form"].errors
    assert errors["evidence_link"] == [
        "The link to evidence must be a web address, such as https://www.sutton.gov.uk/report.pdf."
    ]
    assert errors["revised_due_date"][0].endswith("must be a real date.")
    assert "Enter a valid" not in response.content.decode()


def test_a_forms_own_length_message_gets_the_length(db):
    from workspace.forms.weakness_summary import SUMMARY_MAX, WeaknessSummaryForm

    from .factories import WeaknessFactory

    form = WeaknessSummaryForm(
        {"progress_summary": "s" * (SUMMARY_MAX + 1)}, instance=WeaknessFactory(), user=None
    )
    assert form.errors["progress_summary"] == [
        f"The summary must be {SUMMARY_MAX:,} characters or fewer: "
        f"it is {SUMMARY_MAX + 1} now. Shorten it."
    ]
