"""Every URL of the site, for every kind of user: who gets what.

The URL conf is enumerated, so a new URL without an expectation here fails the
suite. Django's admin is covered by one rule for its whole namespace.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    ProgressUpdateFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "owner", "other_officer", "lead", "manager"]


def expect(anonymous, parent, owner, other_officer, lead, manager):
    return dict(zip(ROLES, (anonymous, parent, owner, other_officer, lead, manager), strict=True))


EVERYONE = expect(200, 200, 200, 200, 200, 200)
STAFF = expect(302, 403, 200, 200, 200, 200)
UPDATERS = expect(302, 403, 200, 403, 200, 200)
MEASURE_OWNERS = expect(302, 403, 200, 403, 403, 200)
MANAGERS = expect(302, 403, 403, 403, 403, 200)
INTERNAL_READERS = expect(302, 200, 200, 200, 200, 200)
SIGNED_IN = expect(302, 200, 200, 200, 200, 200)
SIGNED_OUT = expect(200, 302, 302, 302, 302, 302)
POST_ONLY = expect(405, 405, 405, 405, 405, 405)
MANAGERS_POST_ONLY = expect(302, 403, 403, 403, 403, 405)
READERS_POST_ONLY = expect(302, 405, 405, 405, 405, 405)
PARENTS_ONLY = expect(302, 200, 403, 403, 403, 403)

EXPECTED = {
    "healthz": EVERYONE,
    "readyz": EVERYONE,
    # Public pages: no login, the same for everyone.
    "public:home": EVERYONE,
    "public:accessibility": EVERYONE,
    "public:glossary": EVERYONE,
    "public:open_data": EVERYONE,
    "public:open_data_json": EVERYONE,
    "public:open_data_csv": EVERYONE,
    "public:statement": EVERYONE,
    "public:weakness": EVERYONE,
    "public:workstream": EVERYONE,
    "public:action": EVERYONE,
    "public:actions_by_progress": EVERYONE,
    "public:measures": EVERYONE,
    "public:you_said": EVERYONE,
    "public:progress_reports": EVERYONE,
    "public:progress_report": EVERYONE,
    "public:progress_report_compare": EVERYONE,
    # Signing in and out.
    "login": SIGNED_OUT,
    "logout": POST_ONLY,
    "password_reset": EVERYONE,
    "password_reset_done": EVERYONE,
    "password_reset_confirm": EVERYONE,  # an invalid link says so
    "password_reset_complete": EVERYONE,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    # The officers' workspace.
    "workspace:dashboard": STAFF,
    "workspace:update_action": UPDATERS,
    "workspace:evidence": INTERNAL_READERS,
    "workspace:plain_english": STAFF,
    "workspace:record_measurement": MEASURE_OWNERS,
    "workspace:change_measurement": MEASURE_OWNERS,
    # Building the plan: programme managers only.
    "workspace:statements": MANAGERS,
    "workspace:statement_new": MANAGERS,
    "workspace:statement_detail": MANAGERS,
    "workspace:statement_edit": MANAGERS,
    "workspace:statement_publish": MANAGERS,
    "workspace:statement_unpublish": MANAGERS,
    "workspace:statement_archive": MANAGERS,
    "workspace:weakness_new": MANAGERS,
    "workspace:weakness_edit": MANAGERS,
    "workspace:weakness_summary": MANAGERS,
    "workspace:weakness_progress": INTERNAL_READERS,
    "workspace:workstream_new": MANAGERS,
    "workspace:workstream_edit": MANAGERS,
    "workspace:workstream_representatives": MANAGERS,
    "workspace:workstream_representative_remove": MANAGERS_POST_ONLY,
    "workspace:measure_new": MANAGERS,
    "workspace:measure_edit": MANAGERS,
    "workspace:measure_milestones": MANAGERS,
    "workspace:milestone_remove": MANAGERS_POST_ONLY,
    "workspace:action_new": MANAGERS,
    "workspace:action_edit": MANAGERS,
    "workspace:owners": MANAGERS,
    "workspace:owner_new": MANAGERS,
    "workspace:owner_edit": MANAGERS,
    # Security: history for managers, two-step verification for staff.
    "workspace:history": MANAGERS,
    "workspace:reminders": MANAGERS,
    "workspace:two_factor_setup": STAFF,
    "workspace:two_factor_qr": STAFF,
    "workspace:two_factor_verify": expect(302, 302, 302, 302, 302, 302),
    # Spreadsheet import and export (an unknown upload token is a 404 page).
    "workspace:import_upload": MANAGERS,
    "workspace:import_template": MANAGERS,
    "workspace:import_preview": expect(302, 403, 403, 403, 403, 404),
    "workspace:import_confirm": MANAGERS_POST_ONLY,
    "workspace:statement_export": MANAGERS,
    # Published progress reports (immutable public snapshots).
    "workspace:progress_reports": MANAGERS,
    "workspace:progress_report_publish": MANAGERS_POST_ONLY,
    # The improvement board report and its downloads (it names owners).
    "workspace:board_report": MANAGERS,
    "workspace:board_report_xlsx": MANAGERS,
    "workspace:board_report_csv": MANAGERS,
    # Parent representatives' review; officers read the same threads.
    "review:dashboard": INTERNAL_READERS,
    "review:digest_settings": INTERNAL_READERS,
    "review:statement": INTERNAL_READERS,
    "review:action": INTERNAL_READERS,
    "review:measure": INTERNAL_READERS,
    "review:mark_reviewed": READERS_POST_ONLY,
    "review:reply": READERS_POST_ONLY,
    "review:hide_comment": MANAGERS,
    "review:you_said": MANAGERS,
    "review:withdraw_you_said": MANAGERS_POST_ONLY,
    "review:publish_parents_view": MANAGERS_POST_ONLY,
    "review:action_parents_view": PARENTS_ONLY,
    "review:weakness_parents_view": PARENTS_ONLY,
}


def url_names(patterns=None, namespace=""):
    """Every named URL pattern, as 'namespace:name', with its parameters."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex)


@pytest.fixture
def world(manager, officer, lead, parent):
    workstream = WorkstreamFactory(lead=OwnerFactory(user=lead))
    owner = OwnerFactory(user=officer)
    action = ActionFactory(statement=workstream.statement, workstream=workstream, owner=owner)
    weakness = action.weaknesses.get()
    measure = SuccessMeasureFactory(statement=action.statement, owner=owner, weakness=weakness)
    update = ProgressUpdateFactory(action=action)
    update.evidence_file.save("minutes.pdf", ContentFile(b"%PDF-1.4"), save=False)
    type(update).objects.filter(pk=update.pk).update(evidence_file=update.evidence_file.name)
    WorkstreamMembershipFactory(workstream=workstream, user=parent)
    comment = CommentFactory(action=action)
    users = {
        "anonymous": None,
        "parent": parent,
        "owner": officer,
        "other_officer": OfficerFactory(username="other-officer"),
        "lead": lead,
        "manager": manager,
    }
    return {
        "users": users,
        "statement": action.statement,
        "weakness": weakness,
        "workstream": workstream,
        "action": action,
        "measure": measure,
        "figure": MeasurementFactory(measure=measure),
        "update": update,
        "owner": owner,
        "parent": parent,
        "comment": comment,
    }


def kwargs_for(name, parameters, world):
    by_name = {
        "workspace:update_action": world["action"].pk,
        "workspace:action_edit": world["action"].pk,
        "workspace:history": world["action"].pk,
        "workspace:evidence": world["update"].pk,
        "workspace:record_measurement": world["measure"].pk,
        "workspace:measure_edit": world["measure"].pk,
        "workspace:measure_milestones": world["measure"].pk,
        "workspace:milestone_remove": world["measure"].pk,
        "workspace:change_measurement": world["figure"].pk,
        "workspace:weakness_edit": world["weakness"].pk,
        "workspace:weakness_summary": world["weakness"].pk,
        "workspace:weakness_progress": world["weakness"].pk,
        "workspace:workstream_edit": world["workstream"].pk,
        "workspace:workstream_representatives": world["workstream"].pk,
        "workspace:workstream_representative_remove": world["workstream"].pk,
        "workspace:owner_edit": world["owner"].pk,
        "workspace:board_report": world["statement"].pk,
        "workspace:board_report_xlsx": world["statement"].pk,
        "workspace:board_report_csv": world["statement"].pk,
        "public:workstream": world["workstream"].number,
        "review:action": world["action"].pk,
        "review:action_parents_view": world["action"].pk,
        "review:measure": world["measure"].pk,
        "review:weakness_parents_view": world["weakness"].pk,
        "review:hide_comment": world["comment"].pk,
        "review:you_said": world["comment"].pk,
    }
    values = {
        "pk": by_name.get(name, world["statement"].pk),
        "user_pk": world["parent"].pk,
        "milestone_pk": 1,  # none or any: removing what is gone is not an error
        "slug": world["statement"].slug,
        "number": by_name.get(name, world["weakness"].number),
        "reference": world["action"].reference,
        "progress": "late",
        "table": "actions",
        "model": "action",
        "uidb64": "MQ",
        "token": "set-password",
        "as_at": _progress_report(world).as_at,
    }
    return {parameter: values[parameter] for parameter in parameters}


def _progress_report(world):
    """A published progress report of the world's statement (made once, when first needed)."""
    from reports.services import publish_progress_report

    statement = world["statement"]
    day = timezone.localdate(statement.published_at)
    return statement.progress_reports.first() or publish_progress_report(
        statement, day, "", world["users"]["manager"], today=day
    )


def test_every_url_has_an_expectation():
    names = {name for name, _ in url_names() if not name.startswith("admin:")}
    assert names - set(EXPECTED) == set(), "add these URLs to the permission matrix"
    assert set(EXPECTED) - names == set(), "these expectations name URLs that are gone"


def test_every_url_answers_each_kind_of_user_as_expected(client, world):
    failures = []
    for name, parameters in url_names():
        if name.startswith("admin:"):
            continue
        url = reverse(name, kwargs=kwargs_for(name, parameters, world))
        for role, expected in EXPECTED[name].items():
            client.logout()
            if world["users"][role] is not None:
                client.force_login(world["users"][role])
            status = client.get(url).status_code
            if status != expected:
                failures.append(f"{name} {url} as {role}: {status}, expected {expected}")
    assert failures == []


def test_the_admin_is_for_staff_accounts_only(client, world):
    for role, user in world["users"].items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302, role
        assert "/admin/login/" in response["Location"]


def test_state_changes_refuse_get_and_need_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["users"]["manager"])
    action = world["action"]
    for url in (
        reverse("workspace:update_action", kwargs={"pk": action.pk}),
        reverse("workspace:statement_archive", kwargs={"pk": world["statement"].pk}),
        reverse("logout"),
    ):
        assert strict.post(url, {"status": "complete"}).status_code == 403, url
