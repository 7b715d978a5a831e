from django.db import models


class Delivery(models.Model):
    """An email to be sent in the background, with its attempts recorded.

    Notifications and reminders both are: a failed send is retried up to
    MAX_ATTEMPTS times (see actions/tasks.py), and every attempt is kept.
    """

    MAX_ATTEMPTS = 5

    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self):
        return self.sent_at is None and self.gave_up_at is None

    def record_success(self, at):
        self.attempts += 1
        self.last_attempt_at = self.sent_at = at
        self.last_error = ""

    def record_failure(self, error, at):
        """Count a failed attempt; give up after MAX_ATTEMPTS. Returns whether to retry."""
        self.attempts += 1
        self.last_attempt_at = at
        self.last_error = f"{type(error).__name__}: {error}"[:2000]
        if self.attempts >= self.MAX_ATTEMPTS:
            self.gave_up_at = at
            return False
        return True
