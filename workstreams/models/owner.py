import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


def _folded(text):
    """Text compared the way people mean it: "London  borough-of_Sutton" is the council."""
    return re.sub(r"[\s_-]+", " ", text).strip().casefold()


class Owner(models.Model):
    """Someone accountable for part of the plan.

    The public sees the job title and organisation, never the name's contact
    details: `email` is for officers only. An organisation not in the list is
    OTHER, with its own name in `organisation_name`, so families can tell who is
    responsible.
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
    organisation_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name of an organisation that is not in the list, as families know it. "
        "Only for “Other partner”.",
    )
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
            # Two organisations outside the list may each have a "Service Manager";
            # one may not have a "Service Manager" and a "service manager".
            models.UniqueConstraint(
                Lower("job_title"),
                "organisation",
                Lower("organisation_name"),
                name="owner_job_title_unique_per_organisation",
                violation_error_message=(
                    "This organisation already has an owner with this job title."
                ),
            ),
            # Not "a name for every OTHER": owners saved before names were kept have
            # none, and `clean` asks for one when they are next edited.
            models.CheckConstraint(
                name="owner_organisation_name_only_for_other",
                condition=models.Q(organisation="other") | models.Q(organisation_name=""),
                violation_error_message=(
                    "Only an organisation that is not in the list is given a name."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.job_title}, {self.organisation_label}"

    def clean(self):
        super().clean()
        if self.organisation != self.Organisation.OTHER:
            self.organisation_name = ""  # a listed organisation has its own name
        elif not self.organisation_name.strip():
            raise ValidationError(
                {"organisation_name": "Enter the name of the organisation."}, code="required"
            )
        else:
            self._check_the_name_is_not_listed()

    def _check_the_name_is_not_listed(self):
        """A name that is "other" or a listed organisation would say nothing more, and
        a spreadsheet would read it back as that organisation (organisation_from_key)."""
        try:
            listed, _ = self.organisation_from_key(self.organisation_name)
        except ValueError:
            message = "Enter the name of the organisation, not “other”."
        else:
            if listed == self.Organisation.OTHER:
                return
            label = self.organisation_names()[listed]
            message = f"{label} is in the list: choose it rather than “Other partner”."
        raise ValidationError({"organisation_name": message}, code="listed")

    @classmethod
    def organisation_names(cls):
        """{code: name} of the listed organisations as this local area names them.

        The choices' labels are the demo's (Sutton's); `settings.ORGANISATION_NAMES`
        gives another area's own names ("council=Northdale Council"). One renamed to
        nothing keeps its label here, for owners saved before, but is not offered."""
        names = dict(cls.Organisation.choices)
        for code, name in settings.ORGANISATION_NAMES.items():
            if code in names and code != cls.Organisation.OTHER and name.strip():
                names[code] = name.strip()
        return names

    @classmethod
    def offered_organisations(cls):
        """(code, name) of the organisations offered for a new owner, "Other partner" last."""
        names = cls.organisation_names()
        hidden = {code for code, name in settings.ORGANISATION_NAMES.items() if not name.strip()}
        return [(code, names[code]) for code in cls.listed_codes() if code not in hidden] + [
            (cls.Organisation.OTHER, names[cls.Organisation.OTHER])
        ]

    @classmethod
    def label_of(cls, organisation, organisation_name):
        """The organisation's name as people read it, from the two fields' values."""
        if organisation == cls.Organisation.OTHER and organisation_name:
            return organisation_name
        return cls.organisation_names().get(organisation, organisation)

    @property
    def organisation_label(self):
        """The organisation's name: its own for one outside the list ("Other partner"
        only for an owner saved before names were kept)."""
        return self.label_of(self.organisation, self.organisation_name)

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

    # The organisation in one spreadsheet cell ------------------------------------------

    @property
    def organisation_key(self):
        """The organisation as the spreadsheet names it: a listed one by its code, any
        other by its name."""
        if self.organisation == self.Organisation.OTHER and self.organisation_name:
            return self.organisation_name
        return self.organisation

    @classmethod
    def organisation_from_key(cls, key):
        """(organisation, organisation_name) for a spreadsheet's organisation cell.

        A listed organisation's code or name (in any case) is that organisation;
        anything else is the name of an organisation outside the list. "other" says
        nobody which organisation it is: ValueError.
        """
        folded = _folded(key)
        for code, label in cls.organisation_names().items():
            if folded in (code, _folded(label)):
                if code == cls.Organisation.OTHER:
                    raise ValueError(
                        f"write the organisation's name instead of “{key.strip()}” (for an "
                        "owner saved without one, give it on the owner's page first and "
                        "export again, so the import keeps that owner)"
                    )
                return code, ""
        return cls.Organisation.OTHER, key.strip()

    @classmethod
    def listed_codes(cls):
        """The codes of the listed organisations (not OTHER, which needs a name)."""
        return [code for code in cls.Organisation.values if code != cls.Organisation.OTHER]
