"""Who gets what from every URL of the review area (a new URL without a row here fails)."""

import pytest
from django.urls import get_resolver, reverse

from actions.coproduction import post_comment, publish_you_said, record_parents_view

from .factories import (
    ActionFactory,
    OfficerFactory,
    OwnerFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "outsider", "parent", "owner", "other_officer", "lead", "manager"]


def expect(*codes):
    return dict(zip(ROLES, codes, strict=True))


READERS = expect(302, 403, 200, 200, 200, 200, 200)
READERS_POST_ONLY = expect(302, 403, 405, 405, 405, 405, 405)
PARENTS_ONLY = expect(302, 403, 200, 403, 403, 403, 403)
MANAGERS = expect(302, 403, 403, 403, 403, 403, 200)
MANAGERS_POST_ONLY = expect(302, 403, 403, 403, 403, 403, 405)

# GET of each review URL, by role.
EXPECTED = {
    "review:dashboard": READERS,
    "review:digest_settings": READERS,
    "review:mark_reviewed": READERS_POST_ONLY,
    "review:statement": READERS,
    "review:action": READERS,
    "review:measure": READERS,
    "review:reply": READERS_POST_ONLY,
    "review:hide_comment": MANAGERS,
    "review:you_said": MANAGERS,
    "review:withdraw_you_said": MANAGERS_POST_ONLY,
    "review:action_parents_view": PARENTS_ONLY,
    "review:weakness_parents_view": PARENTS_ONLY,
    "review:publish_parents_view": MANAGERS_POST_ONLY,
}


def review_url_names():
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "review":
            for pattern in entry.url_patterns:
                yield f"review:{pattern.name}"


@pytest.fixture
def world(manager, officer, lead, parent, outsider):
    workstream = WorkstreamFactory(lead=OwnerFactory(user=lead))
    action = ActionFactory(
        statement=workstream.statement, workstream=workstream, owner=OwnerFactory(user=officer)
    )
    WorkstreamMembershipFactory(workstream=workstream, user=parent)
    measure = SuccessMeasureFactory(statement=action.statement, owner=action.owner)
    question = post_comment(action, parent, "Question")
    answer = post_comment(action, officer, "Answer", reply_to=question)
    entry = publish_you_said(
        question, manager, answer=answer, you_said="Said", we_did="Did", consent_note="Email"
    )
    view = record_parents_view(action, parent, "some", "Some")
    pks = {
        "review:statement": action.statement_id,
        "review:action": action.pk,
        "review:measure": measure.pk,
        "review:reply": question.pk,
        "review:hide_comment": question.pk,
        "review:you_said": question.pk,
        "review:withdraw_you_said": entry.pk,
        "review:action_parents_view": action.pk,
        "review:weakness_parents_view": action.weaknesses.get().pk,
        "review:publish_parents_view": view.pk,
    }
    users = {
        "anonymous": None,
        "outsider": outsider,
        "parent": parent,
        "owner": officer,
        "other_officer": OfficerFactory(username="other-officer"),
        "lead": lead,
        "manager": manager,
    }
    return pks, users


def test_every_review_url_has_an_expectation():
    assert set(review_url_names()) == set(EXPECTED)


def test_every_review_url_answers_each_role_as_expected(client, world):
    pks, users = world
    failures = []
    for name, expected in EXPECTED.items():
        url = reverse(name, kwargs={"pk": pks[name]} if name in pks else {})
        for role, status in expected.items():
            client.logout()
            if users[role]:
                client.force_login(users[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{name} as {role}: {got}, expected {status}")
    assert failures == []


def test_unknown_objects_are_not_found(client, parent):
    client.force_login(parent)
    for url in (
        "/review/actions/999999/",
        "/review/measures/999999/",
        "/review/statements/999999/",
    ):
        assert client.get(url).status_code == 404
    assert client.post("/review/comments/999999/reply/", {}).status_code == 404


def test_every_state_change_needs_csrf(world):
    from django.test import Client

    pks, users = world
    strict = Client(enforce_csrf_checks=True)
    for role, name, data in (
        ("parent", "review:action", {"body": "x"}),
        ("owner", "review:reply", {}),
        ("manager", "review:hide_comment", {"reason": "x"}),
        ("manager", "review:you_said", {}),
        ("manager", "review:withdraw_you_said", {}),
        ("parent", "review:action_parents_view", {"assessment": "some", "reason": "x"}),
        ("manager", "review:publish_parents_view", {}),
        ("parent", "review:mark_reviewed", {}),
    ):
        strict.force_login(users[role])
        url = reverse(name, kwargs={"pk": pks[name]} if name in pks else {})
        assert strict.post(url, data).status_code == 403, name
