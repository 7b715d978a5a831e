"""Give comments written before 0003 their author's role, and mark which were answered."""

from django.conf import settings
from django.db import migrations

from actions.coproduction import record_existing_answers


def record(apps, schema_editor):
    record_existing_answers(
        apps.get_model("actions", "Comment"), apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_comments_on_measures_parents_views_you_said"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
