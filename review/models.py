import datetime

from django.conf import settings
from django.db import models

# No review mark can be older than this. A written statement of action answers a
# local area SEND inspection, and those began in 2016, so no one was shown this page
# before 2000: an older time is a tampered or broken form. Far-off times
# also break the dashboard: 1 January of year 1 in UTC is 31 December of year 0 in
# London, which Python cannot represent (OverflowError). A fixed date, rather than the
# earliest statement's inspection, keeps the check free of queries and still true when
# an older statement is loaded later.
EARLIEST_REVIEW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class ReviewVisit(models.Model):
    """Up to when someone has reviewed the plan: their dashboard shows what changed after."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_visit"
    )
    last_reviewed_at = models.DateTimeField()

    class Meta:
        verbose_name = "review visit"

    def __str__(self):
        return f"{self.user} reviewed up to {self.last_reviewed_at:%d %B %Y %H:%M}"
