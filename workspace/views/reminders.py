"""Programme managers: who has been reminded to update their actions, when, and who has not."""

from django.shortcuts import render
from django.utils import timezone

from actions.models import Reminder
from actions.reminders import owner_overview

from ..access import managers_only


@managers_only
def reminders(request):
    today = timezone.localdate()
    rows = owner_overview(today)
    recent = Reminder.objects.select_related("user", "statement").order_by("-sent_on", "-pk")[:50]
    return render(
        request,
        "workspace/reminders.html",
        {
            "today": today,
            "rows": rows,
            "recent": recent,
            "not_updated": sum(1 for row in rows if row.not_updated_since_reminded),
        },
    )
