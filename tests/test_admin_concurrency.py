"""Two people editing the same thing in the Django admin never silently overwrite each
other, nor anyone saving the same row through the workspace, the review area or a service.

The admin's change forms (and its inlines' rows) carry the plan forms' fingerprint
(workspace/forms/concurrency.py, AdminGuardForm): a form opened before someone else
saved is refused, names what they saved, and saves on the second try, knowingly.
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from actions.coproduction import hide_comment
from actions.models import Action, Comment
from actions.services import EditConflict, ProgressChange, record_progress
from workstreams.models import Measurement, Weakness

from .factories import (
    CommentFactory,
    MeasurementFactory,
    ParentRepresentativeFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
)

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """What the change form on an admin page would post, as a browser would."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            values = self.data[self._textarea]
            values[-1] += data.removeprefix("\n") if not values[-1] else data


def admin_form(response):
    reader = _FormReader()
    reader.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def errors_on(response):
    form = response.context["adminform"].form
    return form.non_field_errors()


@pytest.fixture
def other_admin(db):
    client = Client()
    client.force_login(User.objects.create_superuser("other-admin", "other@example.org", "x" * 20))
    return client


def test_a_stale_admin_edit_is_refused_and_saves_on_the_second_try(admin_client, other_admin):
    weakness = WeaknessFactory(title="As it was")
    opened = admin_form(admin_client.get(change_url(weakness)))
    assert opened["fingerprint"]

    theirs = admin_form(other_admin.get(change_url(weakness))) | {"title": "Their title"}
    assert other_admin.post(change_url(weakness), theirs).status_code == 302

    response = admin_client.post(change_url(weakness), opened | {"title": "My title"})
    assert response.status_code == 200
    (error,) = errors_on(response)
    assert "Someone else changed this while you were editing" in error
    assert "Their title" in error
    weakness.refresh_from_db()
    assert weakness.title == "Their title"

    again = admin_form(response)
    assert again["title"] == "My title"  # their own work is kept
    assert again["fingerprint"] != opened["fingerprint"]
    assert admin_client.post(change_url(weakness), again).status_code == 302
    weakness.refresh_from_db()
    assert weakness.title == "My title"


def test_an_unchanged_admin_form_saves(admin_client):
    weakness = WeaknessFactory()
    data = admin_form(admin_client.get(change_url(weakness))) | {"title": "Clearer"}
    assert admin_client.post(change_url(weakness), data).status_code == 302
    weakness.refresh_from_db()
    assert weakness.title == "Clearer"


def test_an_admin_form_opened_before_a_plan_page_save_is_refused(admin_client, manager):
    weakness = WeaknessFactory(title="As it was")
    opened = admin_form(admin_client.get(change_url(weakness)))
    Weakness.objects.filter(pk=weakness.pk).update(finding="The manager's new wording")

    response = admin_client.post(change_url(weakness), opened | {"title": "Admin title"})
    assert response.status_code == 200
    assert "The manager's new wording" in errors_on(response)[0]
    weakness.refresh_from_db()
    assert (weakness.title, weakness.finding) == ("As it was", "The manager's new wording")


def test_a_stale_admin_form_does_not_unhide_a_comment_hidden_meanwhile(admin_client, manager):
    comment = CommentFactory(author=ParentRepresentativeFactory())
    opened = admin_form(admin_client.get(change_url(comment)))
    assert opened["hidden_reason"] == ""

    hide_comment(comment, manager, "Names a child.")

    response = admin_client.post(change_url(comment), opened)
    assert response.status_code == 200
    assert "Names a child." in errors_on(response)[0]
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Names a child."


def test_a_stale_inline_row_is_refused(admin_client, manager):
    measure = SuccessMeasureFactory()
    figure = MeasurementFactory(measure=measure, note="")
    opened = admin_form(admin_client.get(change_url(measure)))
    row = next(
        name.removesuffix("-id")
        for name, value in opened.items()
        if name.endswith("-id") and value == str(figure.pk)
    )
    Measurement.objects.filter(pk=figure.pk).update(note="Corrected by the owner")

    response = admin_client.post(change_url(measure), opened | {f"{row}-note": "Admin's note"})
    assert response.status_code == 200
    figure.refresh_from_db()
    assert figure.note == "Corrected by the owner"
    formset_errors = [
        error
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset.forms
        for error in form.non_field_errors()
    ]
    assert any("Corrected by the owner" in error for error in formset_errors)


def test_an_admin_change_to_an_actions_progress_stops_an_officers_stale_update(
    admin_client, action, officer
):
    opened_at = action.version
    data = admin_form(admin_client.get(change_url(action))) | {"status": "in_progress"}
    data["confidence"] = "at_risk"
    assert admin_client.post(change_url(action), data).status_code == 302
    action.refresh_from_db()
    assert action.version == opened_at + 1

    with pytest.raises(EditConflict):
        record_progress(
            action,
            officer,
            ProgressChange(status=Action.Status.NOT_STARTED, narrative="Not begun."),
            expected_version=opened_at,
        )
    action.refresh_from_db()
    assert (action.status, action.confidence) == ("in_progress", "at_risk")


def test_an_admin_change_to_an_actions_wording_keeps_its_version(admin_client, action):
    opened_at = action.version
    data = admin_form(admin_client.get(change_url(action))) | {"title": "Clearer title"}
    assert admin_client.post(change_url(action), data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.version) == ("Clearer title", opened_at)


def test_an_officers_update_during_an_admin_edit_is_not_put_back(admin_client, action, officer):
    opened = admin_form(admin_client.get(change_url(action)))
    record_progress(
        action,
        officer,
        ProgressChange(status=Action.Status.IN_PROGRESS, confidence=Action.Confidence.ON_TRACK),
        expected_version=action.version,
    )
    response = admin_client.post(change_url(action), opened | {"title": "Admin title"})
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == "in_progress" and action.title != "Admin title"


def test_reverting_to_a_history_record_still_works(admin_client):
    weakness = WeaknessFactory(title="First")
    weakness.title = "Second"
    weakness.save()
    first = weakness.history.order_by("history_date").first()
    url = f"/admin/workstreams/weakness/{weakness.pk}/history/{first.history_id}/"
    data = admin_form(admin_client.get(url))
    assert data["title"] == "First"
    assert admin_client.post(url, data).status_code == 302
    weakness.refresh_from_db()
    assert weakness.title == "First"


OUR_APPS = {"workstreams", "actions", "reports", "review"}


def test_every_admin_change_form_of_ours_is_guarded(rf, admin_user):
    from workspace.forms.concurrency import AdminGuardForm

    request = rf.get("/")
    request.user = admin_user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS and model is not User:
            continue
        if model_admin.has_change_permission(request):
            assert issubclass(model_admin.form, AdminGuardForm), model
            checked += 1
        for inline in model_admin.inlines:
            read_only = inline.fields and set(inline.fields) <= set(inline.readonly_fields)
            if not read_only:
                assert issubclass(inline.form, AdminGuardForm), inline
    assert checked >= 10


def test_a_time_is_no_problem_for_the_guard(admin_client, manager):
    # Date-times (split into date and time in the admin) fingerprint as saved.
    comment = CommentFactory(author=ParentRepresentativeFactory())
    hide_comment(comment, manager, "Names a child.")
    opened = admin_form(admin_client.get(change_url(comment)))
    data = opened | {"hidden_reason": "Off topic."}
    assert admin_client.post(change_url(comment), data).status_code == 302
    assert Comment.objects.get(pk=comment.pk).hidden_reason == "Off topic."


def test_a_stale_user_form_does_not_reactivate_an_account_deactivated_meanwhile(
    admin_client, other_admin, officer
):
    url = f"/admin/auth/user/{officer.pk}/change/"
    opened = admin_form(admin_client.get(url))
    assert opened["fingerprint"]

    theirs = admin_form(other_admin.get(url))
    theirs.pop("is_active")  # unticked
    assert other_admin.post(url, theirs).status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active

    response = admin_client.post(url, opened | {"first_name": "Olive"})
    assert response.status_code == 200
    assert "Someone else changed this" in errors_on(response)[0]
    officer.refresh_from_db()
    assert not officer.is_active and officer.first_name != "Olive"


def test_signing_in_meanwhile_is_no_clash_and_is_not_put_back(admin_client, client, officer):
    url = f"/admin/auth/user/{officer.pk}/change/"
    opened = admin_form(admin_client.get(url))
    client.force_login(officer)  # signs in: last_login moves
    officer.refresh_from_db()
    signed_in_at = officer.last_login
    assert signed_in_at is not None
    response = admin_client.post(url, opened | {"first_name": "Olive"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.first_name == "Olive" and officer.last_login == signed_in_at


def test_reverting_an_actions_progress_in_the_admin_claims_a_new_version(
    admin_client, action, officer
):
    record_progress(
        action,
        officer,
        ProgressChange(status=Action.Status.IN_PROGRESS, confidence=Action.Confidence.ON_TRACK),
        expected_version=action.version,
    )
    action.refresh_from_db()
    opened_at = action.version
    first = action.history.order_by("history_date").first()
    url = f"/admin/actions/action/{action.pk}/history/{first.history_id}/"
    assert admin_client.post(url, admin_form(admin_client.get(url))).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.version) == ("not_started", opened_at + 1)
