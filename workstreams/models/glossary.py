from django.db import models
from django.urls import reverse


class GlossaryTerm(models.Model):
    """An abbreviation families meet, with what it stands for and means."""

    abbreviation = models.CharField(max_length=20, unique=True)
    expansion = models.CharField(max_length=200)
    explanation = models.TextField(help_text="In plain English.")

    class Meta:
        ordering = ["abbreviation"]

    def __str__(self):
        return f"{self.abbreviation} ({self.expansion})"

    def get_absolute_url(self):
        return reverse("public:glossary") + f"#{self.anchor}"

    @property
    def anchor(self):
        return "term-" + "".join(c for c in self.abbreviation.lower() if c.isalnum())
