from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Owner(models.Model):
    """Someone accountable for part of the plan.

    The public sees the job title and organisation, never the name's contact
    details: `email` is for officers only.
    """

    class Organisation(models.TextChoices):
        COUNCIL = "council", "London Borough of Sutton"
        CCG = "ccg", "Sutton Clinical Commissioning Group"
        COGNUS = "cognus", "Cognus Limited"
        HEALTH = "health", "NHS health provider"
        SCHOOLS = "schools", "Sutton schools"
        PARENT_CARER_FORUM = "pcf", "Sutton Parent Carer Forum"
        OTHER = "other", "Other partner"

    name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=10, choices=Organisation)
    email = models.EmailField(blank=True, help_text="Internal only: never shown publicly.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owner_profile",
        help_text="The account this person signs in with, if they have one.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["job_title", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_title", "organisation"],
                name="owner_job_title_unique_per_organisation",
                violation_error_message=(
                    "This organisation already has an owner with this job title."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.job_title}, {self.get_organisation_display()}"

    @property
    def email_if_can_sign_in(self):
        """Where to email this person about work they do in the app, or "" if they cannot.

        Reminders and comment emails ask them to sign in (to update an action, to answer
        a comment), so only someone with an active account is emailed: at their own
        address first, else their account's.
        """
        user = self.user
        if user is None or not user.is_active:
            return ""
        return self.email or user.email

    @property
    def public_label(self):
        """How the public sees this owner: a role, never a person's details."""
        return str(self)
