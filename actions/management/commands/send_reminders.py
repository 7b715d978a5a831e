"""Email owners, workstream leads and parent representatives what they need to know.

Run it from cron, once a day, for example at 7am:

    0 7 * * * cd /srv/sutton_send && .venv/bin/python manage.py send_reminders

It decides who is owed what (actions/reminders.py), writes each email down and
queues it with Django's tasks framework; `manage.py db_worker` sends them.
Running it twice on the same day sends nothing twice. With --dry-run it only
prints what it would send.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from actions.reminder_tasks import default_base_url, record_and_queue
from actions.reminders import plan_digests, plan_reminders


class Command(BaseCommand):
    help = "Queue today's update reminders and weekly digests (safe to run more than once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would be emailed; send nothing."
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address for links in emails, such as https://send.sutton.gov.uk "
            "(default: settings.SITE_URL).",
        )
        parser.add_argument(
            "--no-digests", action="store_true", help="Send owner and lead reminders only."
        )

    def handle(self, *args, dry_run=False, base_url=None, no_digests=False, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        base_url = (base_url or default_base_url()).rstrip("/")
        planned = plan_reminders(today, base_url)
        if not no_digests:
            planned += plan_digests(today, now, base_url)
        queued = skipped = 0
        for email in planned:
            items = f"{email.item_count} item{'' if email.item_count == 1 else 's'}"
            label = f"{email.kind} to {email.to_email} ({items}, {email.statement})"
            if dry_run:
                self.stdout.write(f"Would send {label}")
                continue
            if record_and_queue(email, today, base_url) is None:
                skipped += 1
                self.stdout.write(f"Already sent today: {label}")
            else:
                queued += 1
                self.stdout.write(f"Queued {label}")
        when = f"{today:%-d %B %Y}"
        if dry_run:
            self.stdout.write(f"Dry run for {when}: {len(planned)} emails would be sent.")
        else:
            self.stdout.write(f"{when}: {queued} emails queued, {skipped} already sent today.")
