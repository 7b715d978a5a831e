"""Attacks on every form and object URL: cross-site scripting, CSRF and IDOR.

- XSS: hostile text goes into every text field of every model of the plan (and
  through the officers' forms); every page of the site, for every kind of user,
  must show it as text, never as markup.
- CSRF: a POST without the token is refused on every URL of the site.
- IDOR: changing the number in an address does not let an officer open or
  change another officer's action or measure.

URLs come from the URL conf, so new pages are attacked too.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actions.demo.loader import load_demo
from actions.models import Action, ProgressUpdate
from reports.services import publish_progress_report
from workstreams.models import (
    GlossaryTerm,
    Measurement,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)

from .factories import (
    ActionFactory,
    OfficerFactory,
    OwnerFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SCRIPT = '<script>alert("xss")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'
LINK = 'https://evil.example/"onmouseover="alert(1)'
SHORT = "<x-xss>"
# What must never reach a page as markup. Escaped, each is harmless text.
RAW_MARKERS = ["<script>alert", "<img src=x onerror", "<x-xss>", '"onmouseover="alert']
PROJECT_APPS = ("workstreams", "actions", "review")
# Fields that address things: changing them would only break the links.
ADDRESS_FIELDS = {"slug", "reference", "abbreviation", "username", "password", "email"}
# Text a check constraint allows only on some rows: poisoned on those rows alone.
ONLY_WHERE = {(Owner, "organisation_name"): Q(organisation=Owner.Organisation.OTHER)}


def raw_markers_in(html):
    return [marker for marker in RAW_MARKERS if marker in html]


def hostile_text(max_length, abbreviation):
    """The longest hostile text that fits, led by a glossary word so the glossary expands it."""
    for text in (f"{abbreviation} {SCRIPT} {IMAGE} {LINK}", f"{SCRIPT}", SHORT):
        if max_length is None or len(text) <= max_length:
            return text
    return None


def poison_every_text_field():
    """Overwrite every free-text field of every row in the project's apps (history included)."""
    abbreviation = GlossaryTerm.objects.order_by("abbreviation").first().abbreviation
    targets = [
        m
        for app in PROJECT_APPS
        if apps.is_installed(app)
        for m in apps.get_app_config(app).get_models()
    ]
    targets.append(get_user_model())
    poisoned = 0
    for model in targets:
        fields, some_rows = {}, {}
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.unique
                and field.name not in ADDRESS_FIELDS
                and field.name not in ("history_type", "history_change_reason")
            ):
                # Room for " #<pk>", which keeps rows apart under unique constraints.
                room = None if field.max_length is None else field.max_length - 9
                text = hostile_text(room, abbreviation)
                if text is not None:
                    poison = Concat(Value(f"{text} #"), Cast("pk", output_field=models.CharField()))
                    if (model, field.name) in ONLY_WHERE:
                        some_rows[field.name] = (ONLY_WHERE[model, field.name], poison)
                    else:
                        fields[field.name] = poison
        if fields and model._base_manager.exists():
            poisoned += model._base_manager.update(**fields)
        for name, (rows, poison) in some_rows.items():
            poisoned += model._base_manager.filter(rows).update(**{name: poison})
    assert poisoned > 100
    GlossaryTerm.objects.update(expansion=SCRIPT, explanation=f"{IMAGE} {LINK}")


def url_patterns(patterns=None, namespace="", prefix=""):
    """(name, route, parameters) of every named URL, admin left out."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield (
                f"{namespace}{entry.name}",
                prefix + str(entry.pattern),
                list(entry.pattern.regex.groupindex),
            )


def kwargs_for(route, parameters, world):
    """Values for a URL's parameters, choosing the object by the word before <pk>."""
    before_pk = re.search(r"([a-z-]+)/<int:pk>", route)
    by_word = {
        "statements": world["statement"],
        "weaknesses": world["weakness"],
        "workstreams": world["workstream"],
        "measures": world["measure"],
        "actions": world["action"],
        "owners": world["owner"],
        "evidence": world["update"],
        "comments": world["comment"],
        "history": world["action"],
    }
    target = by_word.get(before_pk.group(1) if before_pk else "", world["action"])
    values = {
        "pk": target.pk if target is not None else 1,
        "user_pk": world["parent"].pk,
        "slug": world["statement"].slug,
        "number": 1,
        "reference": world["action"].reference,
        "table": "actions",
        "model": "action",
        "uidb64": "MQ",
        "token": "x",
        "as_at": world.get("report_day", "2019-01-01"),
        "progress": "late",
    }
    return {parameter: values.get(parameter, "1") for parameter in parameters}


@pytest.fixture
def demo():
    """The Sutton demo (every kind of object, with history), then hostile text everywhere."""
    load_demo(password=PASSWORD)
    statement = Statement.objects.get()
    action = statement.actions.filter(updates__isnull=False).first()
    world = {
        "statement": statement,
        "weakness": statement.weaknesses.first(),
        "workstream": statement.workstreams.first(),
        "measure": statement.measures.first(),
        "action": action,
        "owner": action.owner,
        "update": action.updates.first(),
        "comment": action.comments.first() if hasattr(action, "comments") else None,
        "parent": get_user_model().objects.get(username="parent"),
    }
    poison_every_text_field()
    # A progress report of the poisoned plan: its snapshot carries the hostile text too.
    report = publish_progress_report(statement, timezone.localdate(), SCRIPT, world["parent"])
    world["report_day"] = report.as_at.isoformat()
    return world


# XSS ------------------------------------------------------------------------------


def test_hostile_text_in_any_field_is_shown_as_text_on_every_page(demo):
    clients = {"anonymous": Client()}
    for username in ("parent", "officer", "lead", "manager"):
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    failures, escaped_pages = [], 0
    for name, route, parameters in url_patterns():
        address = reverse(name, kwargs=kwargs_for(route, parameters, demo))
        for role, client in clients.items():
            response = client.get(address)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            found = raw_markers_in(html)
            if found:
                failures.append(f"{name} {address} as {role}: {found}")
            if "&lt;script&gt;alert" in html:
                escaped_pages += 1
    assert failures == []
    assert escaped_pages > 40, "the hostile text should have been shown (escaped) on many pages"


def test_history_pages_show_hostile_text_as_text(demo, manager):
    client = Client()
    client.force_login(manager)
    for model, obj in (("action", demo["action"]), ("statement", demo["statement"])):
        obj.title = SCRIPT
        obj.save()
        html = client.get(f"/manage/history/{model}/{obj.pk}/").content.decode()
        assert raw_markers_in(html) == []
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html


def test_text_typed_into_the_officers_forms_is_shown_as_text(client, officer, action):
    measure = SuccessMeasureFactory(statement=action.statement, owner=action.owner)
    client.force_login(officer)
    response = client.post(
        f"/manage/actions/{action.pk}/update/",
        {
            "status": "in_progress",
            "confidence": "at_risk",
            "public_summary": f"Done {SCRIPT}",
            "narrative": f"Internal {IMAGE}",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/manage/measures/{measure.pk}/record/",
        {"measured_on": "2019-03-31", "value": "12", "note": f"Counted {LINK} {SHORT}"},
    )
    assert response.status_code == 302
    for address in (
        action.get_absolute_url(),
        f"/manage/actions/{action.pk}/update/",
        f"/manage/measures/{measure.pk}/record/",
        "/manage/",
        action.statement.get_absolute_url(),
    ):
        html = client.get(address).content.decode()
        assert raw_markers_in(html) == [], address
    public = client.get(action.get_absolute_url()).content.decode()
    assert "Done &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in public


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>"]
)
def test_an_evidence_link_must_be_a_web_address(client, officer, action, link):
    client.force_login(officer)
    response = client.post(
        f"/manage/actions/{action.pk}/update/",
        {"status": "not_started", "evidence_link": link, "version": action.version},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_what_is_typed_into_sign_in_comes_back_as_text(client):
    response = client.post("/accounts/login/", {"username": IMAGE, "password": SCRIPT})
    html = response.content.decode()
    assert raw_markers_in(html) == []
    assert SCRIPT not in html  # the password is never sent back at all


@pytest.mark.parametrize(
    "address",
    [
        f"/manage/plain-english/?text={SCRIPT}",
        f"/manage/?q={SCRIPT}&status={IMAGE}",
        f"/accounts/login/?next={IMAGE}",
        f"/{SCRIPT}/",
        f"/glossary/?q={SCRIPT}",
    ],
)
def test_what_is_put_in_an_address_comes_back_as_text(client, officer, address):
    client.force_login(officer)
    html = client.get(address).content.decode()
    assert raw_markers_in(html) == []


def test_evidence_files_are_downloads_never_pages(client, officer, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    client.post(
        f"/manage/actions/{action.pk}/update/",
        {
            "status": "not_started",
            "version": action.version,
            "evidence_file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        },
    )
    update = ProgressUpdate.objects.get()
    response = client.get(f"/manage/evidence/{update.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# CSRF -----------------------------------------------------------------------------


@pytest.fixture
def strict(manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    return client


def test_a_post_without_the_token_is_refused_on_every_url(strict, action):
    world = {
        "statement": action.statement,
        "weakness": action.weaknesses.first(),
        "workstream": action.workstream,
        "measure": SuccessMeasureFactory(statement=action.statement),
        "action": action,
        "owner": action.owner,
        "update": None,
        "comment": None,
        "parent": OfficerFactory(),
    }
    failures = []
    addresses = [
        reverse(name, kwargs=kwargs_for(route, parameters, world))
        for name, route, parameters in url_patterns()
    ] + ["/admin/login/", f"/admin/actions/action/{action.pk}/change/"]
    for address in addresses:
        response = strict.post(address, {"status": "complete", "title": "Changed"})
        if response.status_code != 403 or "Your form could not be sent" not in (
            response.content.decode()
        ):
            failures.append(f"{address}: {response.status_code}")
    assert failures == []
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_signing_in_needs_the_token_too(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_post_from_another_site_is_refused_even_with_a_token(officer, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    page = client.get(f"/manage/actions/{action.pk}/update/", secure=True)
    response = client.post(
        f"/manage/actions/{action.pk}/update/",
        {
            "status": "complete",
            "version": action.version,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        secure=True,
        headers={"origin": "https://evil.example", "referer": "https://evil.example/"},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


# IDOR -------------------------------------------------------------------------------


@pytest.fixture
def intruder(client):
    """An officer who owns their own action and measure, and tries other people's."""
    user = OfficerFactory(username="intruder")
    owner = OwnerFactory(user=user)
    ActionFactory(owner=owner)
    SuccessMeasureFactory(owner=owner)
    client.force_login(user)
    return client


def test_an_officer_cannot_open_or_update_another_officers_action(intruder, action):
    address = f"/manage/actions/{action.pk}/update/"
    assert intruder.get(address).status_code == 403
    response = intruder.post(
        address,
        {"status": "complete", "completed_on": "2019-01-01", "version": action.version},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert (action.status, action.version) == (Action.Status.NOT_STARTED, 1)
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_an_officer_cannot_record_a_figure_for_another_officers_measure(intruder, action):
    measure = SuccessMeasureFactory(statement=action.statement, owner=action.owner)
    address = f"/manage/measures/{measure.pk}/record/"
    assert intruder.get(address).status_code == 403
    response = intruder.post(address, {"measured_on": "2019-03-31", "value": "1"})
    assert response.status_code == 403
    assert not Measurement.objects.filter(measure=measure).exists()


def test_an_officer_cannot_change_the_plan_by_changing_numbers(intruder, action):
    workstream = WorkstreamFactory(statement=action.statement)
    measure = SuccessMeasureFactory(statement=action.statement)
    status = action.statement.status
    for address in (
        f"/manage/plan/actions/{action.pk}/edit/",
        f"/manage/plan/measures/{measure.pk}/edit/",
        f"/manage/plan/weaknesses/{action.weaknesses.first().pk}/edit/",
        f"/manage/plan/workstreams/{workstream.pk}/edit/",
        f"/manage/plan/owners/{action.owner.pk}/edit/",
        f"/manage/plan/statements/{action.statement.pk}/edit/",
        f"/manage/plan/statements/{action.statement.pk}/archive/",
        f"/manage/history/action/{action.pk}/",
    ):
        assert intruder.get(address).status_code == 403, address
        assert intruder.post(address, {"title": "Taken over"}).status_code in (403, 405), address
    action.refresh_from_db()
    assert action.title != "Taken over"
    assert Statement.objects.get(pk=action.statement.pk).status == status
    assert not Owner.objects.filter(name="Taken over").exists()
    assert not Weakness.objects.filter(title="Taken over").exists()
    assert not Workstream.objects.filter(name="Taken over").exists()
    assert not SuccessMeasure.objects.filter(title="Taken over").exists()


def test_numbers_that_do_not_exist_are_not_found_not_errors(intruder):
    for address in (
        "/manage/actions/999999/update/",
        "/manage/measures/999999/record/",
        "/manage/evidence/999999/",
    ):
        assert intruder.get(address).status_code == 404, address


def test_the_public_cannot_open_draft_statements_by_guessing_their_address(client):
    draft = ActionFactory(statement__draft=True)
    assert client.get(draft.statement.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/open-data/{draft.statement.slug}.json").status_code == 404
