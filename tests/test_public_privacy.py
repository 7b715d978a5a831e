"""The public never sees anything internal, on any public URL.

Every URL pattern of the public app is visited (a new pattern without a URL
here fails the suite), with a statement full of private data.
"""

import datetime

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from actions.coproduction import (
    post_comment,
    publish_parents_view,
    publish_you_said,
    record_parents_view,
    withdraw_you_said,
)
from public.outline import PROGRESS_LISTS
from workstreams.models import Statement

from .factories import (
    ActionFactory,
    CommentFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    ProgrammeManagerFactory,
    ProgressUpdateFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "secret-owner@example.org",
    "Secretowner Name",
    "INTERNAL NARRATIVE",
    "https://internal.example.org/evidence",
    "evidence-file-name",
    "PRIVATE COMMENT",
    "Repfirstname",
    "DRAFT STATEMENT TITLE",
    "ARCHIVED STATEMENT TITLE",
    "UNPUBLISHED PARENTS VIEW",
    "PRIVATE MEASURE COMMENT",
    "PRIVATE YOU SAID COMMENT",
    "PRIVATE ANSWER BODY",
    "PRIVATE CONSENT NOTE",
    "WITHDRAWN WORDING",
    "Managerfirstname",
]


@pytest.fixture
def private_world():
    owner = OwnerFactory(name="Secretowner Name", email="secret-owner@example.org")
    workstream = WorkstreamFactory(lead=owner)
    statement = workstream.statement
    action = ActionFactory(statement=statement, workstream=workstream, owner=owner)
    action.measures.add(SuccessMeasureFactory(statement=statement, owner=owner))
    ProgressUpdateFactory(
        action=action,
        narrative="INTERNAL NARRATIVE",
        public_summary="Advisers started work.",
        evidence_link="https://internal.example.org/evidence",
        evidence_file="evidence/1/1/evidence-file-name.pdf",
    )
    CommentFactory(action=action, body="PRIVATE COMMENT")
    representative = ParentRepresentativeFactory(first_name="Repfirstname")
    WorkstreamMembershipFactory(workstream=workstream, user=representative)
    _coproduction(action, representative, ProgrammeManagerFactory(first_name="Managerfirstname"))
    for title, status in (
        ("DRAFT STATEMENT TITLE", Statement.Status.DRAFT),
        ("ARCHIVED STATEMENT TITLE", Statement.Status.ARCHIVED),
    ):
        hidden = StatementFactory(title=title, status=status, published_at=None)
        ActionFactory(statement=hidden, title=title)
    _progress_reports(statement)
    return action


def _progress_reports(statement):
    """Two published progress reports (today's is the one visited), so the comparison shows."""
    from reports.services import publish_progress_report

    today = timezone.localdate()
    # Published a while ago, so a report may be as at yesterday.
    statement.published_at -= datetime.timedelta(days=30)
    statement.save(update_fields=["published_at"])
    for day in (today - datetime.timedelta(days=1), today):
        publish_progress_report(statement, day, "", None)


def _coproduction(action, representative, manager):
    """Comments, parents' views and "you said, we did": only the published wording is public."""
    weakness = action.weaknesses.get()
    for subject in (action, weakness):
        record_parents_view(subject, representative, "none_yet", "UNPUBLISHED PARENTS VIEW")
    publish_parents_view(
        record_parents_view(action, representative, "some", "Published forum view."), manager
    )
    measure = action.measures.get()
    CommentFactory(action=None, measure=measure, body="PRIVATE MEASURE COMMENT")
    for said, withdrawn in (("Public wording said", False), ("WITHDRAWN WORDING", True)):
        # Words of their own: the same words again at once would be the same comment.
        question = post_comment(
            action, representative, f"PRIVATE YOU SAID COMMENT{' AGAIN' * withdrawn}"
        )
        answer = post_comment(action, manager, "PRIVATE ANSWER BODY", reply_to=question)
        entry = publish_you_said(
            question,
            manager,
            answer=answer,
            you_said=said,
            we_did="Public wording did",
            consent_note="PRIVATE CONSENT NOTE",
        )
        if withdrawn:
            withdraw_you_said(entry, manager)


def public_urls(action):
    """A URL for every pattern in the public app, filled in from `action`."""
    statement = action.statement
    weakness = action.weaknesses.get()
    values = {
        "slug": statement.slug,
        "number": weakness.number,
        "reference": action.reference,
        "table": "actions",
        "as_at": timezone.localdate(),
        # The list of actions that holds this one.
        "progress": next(
            progress
            for progress in PROGRESS_LISTS.values()
            if progress.actions(statement).filter(pk=action.pk).exists()
        ),
    }
    urls = {}
    for name, arguments in _public_patterns():
        kwargs = {key: values[key] for key in arguments}
        if name == "public:workstream":
            kwargs["number"] = action.workstream.number
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def _public_patterns():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "public":
            for sub in pattern.url_patterns:
                yield f"public:{sub.name}", list(sub.pattern.converters)


def all_public_urls(action):
    urls = public_urls(action)
    for table in ("weaknesses", "workstreams", "measures", "measurements"):
        urls[f"csv {table}"] = urls["public:open_data_csv"].replace("actions.csv", f"{table}.csv")
    return urls


def test_no_public_page_or_file_shows_private_data(client, private_world):
    for name, url in all_public_urls(private_world).items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (name, url, secret)


def test_the_public_summary_is_shown_where_the_narrative_is_not(client, private_world):
    page = client.get(private_world.get_absolute_url()).content.decode()
    assert "Advisers started work." in page


def test_only_published_coproduction_is_shown(client, private_world):
    action_page = client.get(private_world.get_absolute_url()).content.decode()
    assert "Published forum view." in action_page
    assert "Public wording said" in action_page
    page = client.get(f"/{private_world.statement.slug}/you-said-we-did/").content.decode()
    assert "Public wording said" in page and "Public wording did" in page


def test_draft_and_archived_statements_are_not_found_anywhere(client, private_world):
    for hidden in Statement.objects.exclude(status=Statement.Status.PUBLISHED):
        action = hidden.actions.get()
        for name, url in all_public_urls(action).items():
            if hidden.slug not in url:
                continue
            assert client.get(url).status_code == 404, (name, url)
