from django.conf import settings
from django.db import models


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
