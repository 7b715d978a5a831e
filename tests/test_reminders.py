"""Reminders to owners and workstream leads, weekly digests to parent representatives.

Time is frozen (time_machine) in London: across month ends, a leap day, the
clocks going forward, and on bank holidays (which are ordinary days here).
Most tests run tasks at once and read `mailoutbox`; the end-to-end test uses
the real queue, its worker and a real SMTP server (see tests/test_notifications.py).
"""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from actions.coproduction import post_comment
from actions.models import (
    ActionCadence,
    Comment,
    DigestOptOut,
    Reminder,
    ReminderSettings,
)
from actions.reminders import DUE_SOON, NEEDS_UPDATE, OVERDUE, plan_digests, plan_reminders

from .factories import (
    ActionFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    ProgressUpdateFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)
from .test_auth import free_port
from .test_notifications import DATABASE, IMMEDIATE, SmtpServerOn, mailer_at, run_worker

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
BASE = "http://testserver"


def at(year, month, day, hour=7, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def frozen(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def immediately(settings):
    settings.TASKS = IMMEDIATE


def send(capture, *args):
    out = StringIO()
    with capture(execute=True):
        call_command("send_reminders", "--base-url", BASE, *args, stdout=out)
    return out.getvalue()


def action_due(action, due, start=datetime.date(2023, 1, 1)):
    action.start_date = start
    action.due_date = due
    action.save()
    return action


@pytest.fixture
def world(officer, lead):
    """Made on 1 December 2023: a workstream led by `lead`, actions owned by `officer`."""
    with frozen(at(2023, 12, 1)):
        workstream = WorkstreamFactory(lead=OwnerFactory(user=lead, email="lead-owner@example.org"))
        owner = OwnerFactory(user=officer, email="officer-owner@example.org")

    def make(due, **kwargs):
        with frozen(at(2023, 12, 1)):
            return ActionFactory(
                statement=workstream.statement,
                workstream=workstream,
                owner=owner,
                start_date=datetime.date(2023, 1, 1),
                due_date=due,
                **kwargs,
            )

    return {"workstream": workstream, "owner": owner, "make": make}


# Who is owed what ---------------------------------------------------------------------


def test_nobody_is_emailed_when_nothing_needs_attention(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    action = world["make"](datetime.date(2024, 6, 30))
    with frozen(at(2023, 12, 20)):  # updated 19 days ago at most, not due for months
        ProgressUpdateFactory(action=action)
    with frozen(at(2024, 1, 2)):
        output = send(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert "0 emails queued" in output


def test_the_owner_gets_one_email_listing_everything_that_needs_them(
    immediately, world, officer, mailoutbox, django_capture_on_commit_callbacks
):
    make = world["make"]
    overdue = make(datetime.date(2024, 1, 15))
    due_soon = make(datetime.date(2024, 2, 14))  # 14 days after 31 January: counted
    later = make(datetime.date(2024, 2, 15))  # 15 days: not due soon, but not updated either
    fine = make(datetime.date(2024, 6, 30))
    with frozen(at(2024, 1, 20)):
        ProgressUpdateFactory(action=fine)
        ProgressUpdateFactory(action=due_soon)
    with frozen(at(2024, 1, 31)):  # a month end
        send(django_capture_on_commit_callbacks)

    owner_emails = [m for m in mailoutbox if m.to == ["officer-owner@example.org"]]
    [message] = owner_emails
    assert message.subject.startswith("3 actions you own need your attention")
    body = message.body
    for action in (overdue, due_soon, later):
        assert f"{action.reference} {action.title}" in body
        assert f"{BASE}/manage/actions/{action.pk}/update/" in body or (
            f"/actions/{action.pk}/update/" in body
        )
    assert fine.title not in body
    assert "Was due on 15 January 2024" in body
    assert "Due on 14 February 2024" in body
    assert "31 January 2024" in body  # British dates
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f"/actions/{due_soon.pk}/update/" in html and "14 February 2024" in html

    reminder = Reminder.objects.get(kind="owner")
    assert reminder.user == officer and reminder.sent_on == datetime.date(2024, 1, 31)
    assert sorted(reminder.action_ids) == sorted([overdue.pk, due_soon.pk, later.pk])
    assert reminder.sent_at is not None


def test_actions_due_the_same_day_are_listed_as_people_count_them(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    make = world["make"]
    for reference in ("4.10", "4.2", "4.1"):
        make(datetime.date(2024, 1, 15), reference=reference, title=f"Action {reference}")
    make(datetime.date(2024, 1, 10), reference="9.1", title="Action 9.1")  # due sooner: first
    [planned] = [p for p in plan_reminders(datetime.date(2024, 1, 31)) if p.kind == "owner"]
    assert [line.action.reference for line in planned.lines] == ["9.1", "4.1", "4.2", "4.10"]
    with frozen(at(2024, 1, 31)):
        send(django_capture_on_commit_callbacks)
    [message] = [m for m in mailoutbox if m.to == ["officer-owner@example.org"]]
    listed = re.findall(r"^- (\S+) Action", message.body, flags=re.MULTILINE)
    assert listed == ["9.1", "4.1", "4.2", "4.10"]


def test_reasons_across_a_leap_day(world):
    action = world["make"](datetime.date(2024, 3, 14))
    with frozen(at(2024, 1, 31)):
        ProgressUpdateFactory(action=action)
    with frozen(at(2024, 2, 29)):
        [planned] = [p for p in plan_reminders(datetime.date(2024, 2, 29)) if p.kind == "owner"]
        assert planned.lines[0].reasons == [DUE_SOON]  # 14 days; updated 29 days ago
    with frozen(at(2024, 3, 1)):
        [planned] = [p for p in plan_reminders(datetime.date(2024, 3, 1)) if p.kind == "owner"]
        assert planned.lines[0].reasons == [NEEDS_UPDATE, DUE_SOON]  # 30 days since 31 January
    with frozen(at(2024, 3, 15)):
        [planned] = [p for p in plan_reminders(datetime.date(2024, 3, 15)) if p.kind == "owner"]
        assert OVERDUE in planned.lines[0].reasons


def test_the_workstream_lead_gets_their_workstreams_list(
    immediately, world, lead, officer, mailoutbox, django_capture_on_commit_callbacks
):
    mine = world["make"](datetime.date(2024, 1, 10))
    other_owner = OwnerFactory(user=None)  # no account: not reminded, but the lead sees it
    theirs = world["make"](datetime.date(2024, 1, 12))
    theirs.owner = other_owner
    theirs.save()
    elsewhere = ActionFactory(due_date=datetime.date(2024, 1, 11))  # another workstream
    with frozen(at(2024, 1, 2)):
        send(django_capture_on_commit_callbacks)
    [to_lead] = [m for m in mailoutbox if m.to == ["lead-owner@example.org"]]
    assert "in your workstream" in to_lead.subject
    assert mine.title in to_lead.body and theirs.title in to_lead.body
    assert elsewhere.title not in to_lead.body
    assert Reminder.objects.filter(kind="lead", user=lead).count() == 1
    assert not Reminder.objects.filter(to_email=other_owner.email).exists()
    # The lead is told which owner was not reminded, rather than that all were.
    sentence = (
        f"Their owners are reminded too, except the owner of {theirs.reference}, who cannot "
        "be emailed here (they have no account, or no email address). Update that yourself, "
        "or ask the owner to."
    )
    assert sentence in to_lead.body
    assert sentence in to_lead.alternatives[0][0]


def test_a_lead_whose_owners_are_all_reminded_is_told_so(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    world["make"](datetime.date(2024, 1, 10))
    with frozen(at(2024, 1, 2)):
        send(django_capture_on_commit_callbacks)
    [to_lead] = [m for m in mailoutbox if m.to == ["lead-owner@example.org"]]
    assert "need attention today, 2 January 2024. Their owners are reminded too.\n" in to_lead.body
    assert "cannot be emailed" not in to_lead.body


def test_a_lead_whose_owners_cannot_be_reminded_is_told_to_act(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    for due in (datetime.date(2024, 1, 10), datetime.date(2024, 1, 11)):
        action = world["make"](due)
        action.owner = OwnerFactory(user=None)
        action.save()
    with frozen(at(2024, 1, 2)):
        send(django_capture_on_commit_callbacks)
    [to_lead] = mailoutbox
    assert to_lead.to == ["lead-owner@example.org"]
    assert "reminded too" not in to_lead.body
    assert (
        "Their owners are not reminded: they cannot be emailed here (they have no account, "
        "or no email address). Update them yourself, or ask the owners to." in to_lead.body
    )


def test_a_month_end_at_midnight_uses_the_day_in_london(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    world["make"](datetime.date(2024, 4, 10))
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (the clocks have gone forward).
    with frozen(datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)):
        send(django_capture_on_commit_callbacks)
    assert {r.sent_on for r in Reminder.objects.all()} == {datetime.date(2024, 4, 1)}
    assert "today, 1 April 2024" in mailoutbox[0].body


def test_bank_holidays_are_ordinary_days(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    boxing_day = world["make"](datetime.date(2023, 12, 26))
    world["make"](datetime.date(2024, 1, 8))  # 14 calendar days after Christmas Day
    with frozen(at(2023, 12, 25)):  # Christmas Day, a Monday and a bank holiday
        send(django_capture_on_commit_callbacks)
    owner_email = next(m for m in mailoutbox if m.to == ["officer-owner@example.org"])
    assert "Due on 26 December 2023" in owner_email.body  # not moved to a working day
    assert "Due on 8 January 2024" in owner_email.body
    assert boxing_day.title in owner_email.body
    assert Reminder.objects.filter(sent_on=datetime.date(2023, 12, 25)).count() == 2


# Cadence and idempotency -----------------------------------------------------------------


def test_running_twice_on_the_same_day_sends_one_email_each(
    immediately, world, parent, mailoutbox, django_capture_on_commit_callbacks
):
    action = world["make"](datetime.date(2024, 1, 10))
    WorkstreamMembershipFactory(workstream=world["workstream"], user=parent)
    with frozen(at(2024, 1, 2, 10)):
        ProgressUpdateFactory(action=action)
    with frozen(at(2024, 1, 3)):
        first = send(django_capture_on_commit_callbacks)
    with frozen(at(2024, 1, 3, 18)):
        second = send(django_capture_on_commit_callbacks)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(
        ["officer-owner@example.org", "lead-owner@example.org", parent.email]
    )
    assert "3 emails queued" in first
    assert "0 emails queued" in second
    assert Reminder.objects.count() == 3


def test_a_second_run_that_races_the_first_is_stopped_by_the_database(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    from actions.reminder_tasks import record_and_queue

    world["make"](datetime.date(2024, 1, 10))
    today = datetime.date(2024, 1, 3)
    with frozen(at(2024, 1, 3)):
        planned = plan_reminders(today, BASE)  # both runs decide before either writes
        with django_capture_on_commit_callbacks(execute=True):
            assert all(record_and_queue(p, today, BASE) for p in planned)
            assert not any(record_and_queue(p, today, BASE) for p in planned)
    assert len(mailoutbox) == len(planned) == 2


def test_dry_run_prints_and_sends_nothing(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    world["make"](datetime.date(2024, 1, 10))
    with frozen(at(2024, 1, 3)):
        output = send(django_capture_on_commit_callbacks, "--dry-run")
    assert "Would send owner to officer-owner@example.org" in output
    assert "Dry run for 3 January 2024: 2 emails would be sent." in output
    assert mailoutbox == [] and not Reminder.objects.exists()
    counts = re.findall(r"\((\d+) (items?),", output)
    assert counts and all((n == "1") == (word == "item") for n, word in counts), output


def test_people_are_not_chased_every_day_only_once_per_cadence(
    immediately, world, mailoutbox, django_capture_on_commit_callbacks
):
    statement = world["workstream"].statement
    ReminderSettings.objects.create(statement=statement, update_every_days=14)
    world["make"](datetime.date(2024, 1, 10))  # overdue from 10 January, never updated
    days = [at(2024, 1, 3), at(2024, 1, 4), at(2024, 1, 16), at(2024, 1, 17), at(2024, 1, 31)]
    for day in days:
        with frozen(day):
            send(django_capture_on_commit_callbacks, "--no-digests")
    sent_on = sorted(set(Reminder.objects.filter(kind="owner").values_list("sent_on", flat=True)))
    assert sent_on == [
        datetime.date(2024, 1, 3),
        datetime.date(2024, 1, 17),
        datetime.date(2024, 1, 31),
    ]


def test_an_actions_own_cadence_overrides_the_statements(world):
    action = world["make"](datetime.date(2024, 12, 31))
    ReminderSettings.objects.create(statement=action.statement, update_every_days=60)
    with frozen(at(2024, 1, 1)):
        ProgressUpdateFactory(action=action)
    today = datetime.date(2024, 1, 8)
    assert plan_reminders(today) == []
    ActionCadence.objects.create(action=action, update_every_days=7)
    [owner, _lead] = sorted(plan_reminders(today), key=lambda p: p.kind != "owner")
    assert owner.lines[0].reasons == [NEEDS_UPDATE]


def test_archived_statements_and_complete_actions_need_nothing(world):
    done = world["make"](datetime.date(2024, 1, 10))
    done.status = "complete"
    done.completed_on = datetime.date(2024, 1, 2)
    done.save()
    ActionFactory(
        due_date=datetime.date(2024, 1, 10), statement__archived=True, owner=world["owner"]
    )
    assert plan_reminders(datetime.date(2024, 1, 3)) == []


def test_planning_takes_the_same_few_queries_however_many_actions(world, django_assert_num_queries):
    for day in range(1, 4):
        world["make"](datetime.date(2024, 1, day + 5))
    with django_assert_num_queries(2):
        few = plan_reminders(datetime.date(2024, 1, 3))
    for day in range(1, 20):
        ActionFactory(due_date=datetime.date(2024, 1, day + 5), owner=OwnerFactory(user=None))
        world["make"](datetime.date(2024, 1, day + 5))
    with django_assert_num_queries(2):
        many = plan_reminders(datetime.date(2024, 1, 3))
    assert len(few[0].lines) < len(many[0].lines)


# Weekly digests for parent representatives -------------------------------------------------


@pytest.fixture
def represented(world, parent):
    WorkstreamMembershipFactory(workstream=world["workstream"], user=parent)
    return world["make"](datetime.date(2025, 12, 31))


def test_a_parent_rep_gets_a_weekly_digest_of_changes_and_answers(
    immediately, represented, parent, officer, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = ActionFactory(due_date=datetime.date(2025, 12, 31))
    with frozen(at(2024, 1, 29)):
        ProgressUpdateFactory(action=represented, public_summary="Two advisers started.")
        ProgressUpdateFactory(action=elsewhere, public_summary="Not their workstream.")
        question = post_comment(represented, parent, "When will the panel meet?")
    with frozen(at(2024, 1, 30)):
        post_comment(represented, officer, "On 12 February.", reply_to=question)
    with frozen(at(2024, 2, 1)):  # across a month end
        send(django_capture_on_commit_callbacks)
    [digest] = [m for m in mailoutbox if m.to == [parent.email]]
    assert digest.subject == f"Your weekly digest: {represented.statement.title}"
    assert "since 25 January 2024" in digest.body
    assert "Two advisers started." in digest.body
    assert "Not their workstream." not in digest.body
    assert "On 12 February." in digest.body
    answer = Comment.objects.get(body="On 12 February.")
    assert f"{BASE}/review/actions/{represented.pk}/#comment-{answer.pk}" in digest.body
    assert f"{BASE}/review/digest/" in digest.body
    assert "Two advisers started." in digest.alternatives[0][0]
    assert Reminder.objects.get(kind="digest").item_count == 2


def test_digests_are_weekly_and_only_when_something_changed(
    immediately, represented, parent, mailoutbox, django_capture_on_commit_callbacks
):
    with frozen(at(2024, 1, 29)):
        ProgressUpdateFactory(action=represented)
    for day in (at(2024, 1, 30), at(2024, 2, 2), at(2024, 2, 6), at(2024, 2, 13)):
        with frozen(day):
            send(django_capture_on_commit_callbacks)
        if day == at(2024, 2, 2):
            with frozen(at(2024, 2, 3)):
                ProgressUpdateFactory(action=represented, public_summary="Saturday news.")
    digests = Reminder.objects.filter(kind="digest").order_by("sent_on")
    assert [d.sent_on for d in digests] == [datetime.date(2024, 1, 30), datetime.date(2024, 2, 6)]
    assert "Saturday news." in digests[1].body_text
    assert digests[1].item_count == 1  # the first week's update is not repeated


def test_a_parent_rep_can_opt_out_of_digests(
    client, immediately, represented, parent, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(parent)
    assert "You get the weekly digest" in client.get("/review/digest/").content.decode()
    client.post("/review/digest/", {"digest": "off"})
    assert DigestOptOut.objects.filter(user=parent).exists()
    with frozen(at(2024, 1, 29)):
        ProgressUpdateFactory(action=represented)
    with frozen(at(2024, 1, 30)):
        send(django_capture_on_commit_callbacks)
    assert not [m for m in mailoutbox if m.to == [parent.email]]
    assert not plan_digests(datetime.date(2024, 1, 30), at(2024, 1, 30))
    client.post("/review/digest/", {"digest": "on"})
    assert not DigestOptOut.objects.exists()


@pytest.mark.parametrize("who", ["officer", "lead", "manager"])
def test_only_those_sent_a_digest_are_offered_one(client, represented, who, request):
    # Digests go to parent representatives on a workstream group, nobody else.
    client.force_login(request.getfixturevalue(who))
    page = client.get("/review/digest/").content.decode()
    assert "You are not sent it" in page
    assert "You get the weekly digest" not in page
    assert "Stop the weekly digest" not in page and '<form method="post" novalidate>' not in page
    assert client.post("/review/digest/", {"digest": "off"}).status_code == 403
    assert not DigestOptOut.objects.exists()


def test_anyone_a_digest_is_sent_to_can_stop_it(client, world, officer):
    """The digest goes to every member of a workstream group. An officer put on one
    (through the admin, say) is sent it, and must be able to stop it."""
    WorkstreamMembershipFactory(workstream=world["workstream"], user=officer)
    client.force_login(officer)
    assert "You get the weekly digest." in client.get("/review/digest/").content.decode()
    assert client.post("/review/digest/", {"digest": "off"}).status_code == 302
    assert DigestOptOut.objects.filter(user=officer).exists()


def test_a_parent_rep_on_no_group_is_not_told_they_get_a_digest(client, world):
    newcomer = ParentRepresentativeFactory()
    client.force_login(newcomer)
    page = client.get("/review/digest/").content.decode()
    assert "You get the weekly digest" not in page
    assert "You are not on a workstream group yet, so there is no digest to send you." in page
    WorkstreamMembershipFactory(workstream=world["workstream"], user=newcomer)
    assert "You get the weekly digest." in client.get("/review/digest/").content.decode()


# What programme managers see ---------------------------------------------------------------


def test_managers_see_who_was_reminded_and_who_has_not_updated_since(
    client, immediately, manager, world, officer, django_capture_on_commit_callbacks
):
    action = world["make"](datetime.date(2024, 1, 10))
    with frozen(at(2024, 1, 3)):
        send(django_capture_on_commit_callbacks)
    client.force_login(manager)
    with frozen(at(2024, 1, 5)):
        page = client.get("/manage/reminders/").content.decode()
    assert world["owner"].name in page
    assert "3 January 2024" in page
    assert "Not updated since reminded" in page
    assert "1 owner has not updated since their last reminder." in page
    with frozen(at(2024, 1, 6)):
        ProgressUpdateFactory(action=action, author=officer)
        page = client.get("/manage/reminders/").content.decode()
    assert "Not updated since reminded" not in page
    assert "6 January 2024" in page


def test_managers_see_when_a_lead_was_last_reminded_about_their_workstream(
    client, immediately, manager, world, lead, django_capture_on_commit_callbacks
):
    # The lead owns an action that needs nothing; another of her workstream's needs an update.
    with frozen(at(2023, 12, 1)):
        ActionFactory(
            statement=world["workstream"].statement,
            workstream=world["workstream"],
            owner=world["workstream"].lead,
            due_date=datetime.date(2024, 6, 30),
            title="The lead's own",
        )
    with frozen(at(2023, 12, 20)):
        ProgressUpdateFactory(action=lead.owner_profile.actions.get())
    world["make"](datetime.date(2024, 1, 10))
    with frozen(at(2024, 1, 3)):
        send(django_capture_on_commit_callbacks)
    assert Reminder.objects.filter(user=lead, kind="lead").exists()
    assert not Reminder.objects.filter(user=lead, kind="owner").exists()
    client.force_login(manager)
    with frozen(at(2024, 1, 5)):
        page = client.get("/manage/reminders/").content.decode()
    row = re.search(
        rf"<tr[^>]*>\s*<th[^>]*>{re.escape(world['workstream'].lead.name)}.*?</tr>", page, re.DOTALL
    ).group(0)
    cell = re.search(r'data-label="Last reminded">(.*?)</td>', row, re.DOTALL).group(1)
    assert cell == "3 January 2024 as workstream lead"  # not "Never"


# End to end: the real queue and a real SMTP server ----------------------------------------


def test_end_to_end_two_runs_one_email_each_through_a_real_smtp_server(
    settings, tmp_path, world, lead, parent, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    action = world["make"](datetime.date(2024, 1, 10))
    WorkstreamMembershipFactory(workstream=world["workstream"], user=parent)
    with frozen(at(2024, 1, 2)):
        ProgressUpdateFactory(action=action, public_summary="Panel booked.")
    server = SmtpServerOn(tmp_path, free_port())
    mailer_at(settings, server.port)
    try:
        with frozen(at(2024, 1, 3)):
            send(django_capture_on_commit_callbacks)
            assert server.messages() == []  # queued, not sent by the command
            send(django_capture_on_commit_callbacks)  # cron ran it twice
            assert DBTaskResult.objects.ready().count() == 3
        run_worker()
        messages = server.messages()
        assert sorted(m["X-RcptTo"] for m in messages) == sorted(
            ["officer-owner@example.org", "lead-owner@example.org", parent.email]
        )
        to_owner = next(m for m in messages if m["X-RcptTo"] == "officer-owner@example.org")
        assert to_owner.get_content_type() == "multipart/alternative"
        text = to_owner.get_body(("plain",)).get_content()
        html = to_owner.get_body(("html",)).get_content()
        assert f"{BASE}/manage/actions/{action.pk}/update/" in text
        assert f'href="{BASE}/manage/actions/{action.pk}/update/"' in html
        assert "10 January 2024" in text
        digest = next(m for m in messages if m["X-RcptTo"] == parent.email)
        assert "Panel booked." in digest.get_body(("plain",)).get_content()
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
        assert Reminder.objects.unsent().count() == 0
        run_worker()  # nothing more to send
        assert len(server.messages()) == 3
    finally:
        server.stop()


def test_a_reminder_that_cannot_be_sent_is_retried_later(
    settings, world, django_capture_on_commit_callbacks
):
    from actions.tasks import RETRY_DELAYS

    settings.TASKS = DATABASE
    mailer_at(settings, free_port())  # the mail server is down
    world["make"](datetime.date(2024, 1, 10))
    start = at(2024, 1, 3)
    with frozen(start):
        send(django_capture_on_commit_callbacks, "--no-digests")
        run_worker()
    reminder = Reminder.objects.filter(kind="owner").get()
    assert reminder.attempts == 1 and reminder.sent_at is None and reminder.last_error
    retries = DBTaskResult.objects.filter(status="READY")
    assert {r.run_after for r in retries} == {start + datetime.timedelta(seconds=RETRY_DELAYS[0])}


def test_digest_planning_takes_the_same_few_queries_however_many_reps(
    represented, parent, officer, django_assert_num_queries
):
    def add_activity():
        with frozen(at(2024, 1, 29)):
            ProgressUpdateFactory(action=represented)
            question = post_comment(represented, parent, "Question?")
            post_comment(represented, officer, "Answer.", reply_to=question)

    add_activity()
    with django_assert_num_queries(4):
        few = plan_digests(datetime.date(2024, 1, 30), at(2024, 1, 30))
    for _ in range(5):
        WorkstreamMembershipFactory(workstream=represented.workstream)
        add_activity()
    with django_assert_num_queries(4):
        many = plan_digests(datetime.date(2024, 1, 30), at(2024, 1, 30))
    assert len(few) == 1 and len(many) == 6


def test_what_people_typed_is_escaped_in_html_email(
    immediately, represented, parent, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with frozen(at(2024, 1, 29)):
        question = post_comment(represented, parent, "Question?")
        post_comment(represented, officer, "<b>Soon</b> & \u202esoon", reply_to=question)
    with frozen(at(2024, 1, 30)):
        send(django_capture_on_commit_callbacks)
    [digest] = [m for m in mailoutbox if m.to == [parent.email]]
    assert "<b>Soon</b> & soon" in digest.body  # plain text as typed, without bidi controls
    assert "&lt;b&gt;Soon&lt;/b&gt; &amp; soon" in digest.alternatives[0][0]
