import pytest
from django.core.exceptions import ValidationError

from .factories import ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def test_a_progress_update_cannot_be_changed():
    update = ProgressUpdateFactory()
    update.public_summary = "Rewritten history"
    with pytest.raises(ValidationError, match="append-only"):
        update.save()


def test_a_progress_update_cannot_be_deleted():
    update = ProgressUpdateFactory()
    with pytest.raises(ValidationError, match="append-only"):
        update.delete()
    assert type(update).objects.filter(pk=update.pk).exists()
