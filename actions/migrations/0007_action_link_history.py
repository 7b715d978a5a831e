"""Keep each action's links (weaknesses, measures) with its history records.

Records written before this migration have no copy of the links: they are marked
`links_recorded=False`, and the history page shows no link change for them. So
that the first change made afterwards still shows what the links were before it,
each existing action's newest record gets a copy of its links as they are now.
"""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models

BATCH = 500


def copy_current_links(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    HistoricalAction = apps.get_model("actions", "HistoricalAction")
    newest = {}
    records = HistoricalAction.objects.filter(id__in=Action.objects.values("pk"))
    ordered = records.order_by("history_date", "history_id")
    for action_id, history_id in ordered.values_list("id", "history_id").iterator():
        newest[action_id] = history_id
    for field, target in (("weaknesses", "weakness_id"), ("measures", "successmeasure_id")):
        copies = apps.get_model("actions", f"HistoricalAction_{field}")
        links = getattr(Action, field).through.objects.order_by("pk")
        copies.objects.bulk_create(
            (
                copies(id=pk, action_id=action_id, history_id=newest[action_id], **{target: other})
                for pk, action_id, other in links.values_list("pk", "action_id", target)
                if action_id in newest
            ),
            batch_size=BATCH,
        )
    history_ids = sorted(newest.values())
    for start in range(0, len(history_ids), BATCH):
        batch = history_ids[start : start + BATCH]
        HistoricalAction.objects.filter(history_id__in=batch).update(links_recorded=True)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0006_progress_update_latest_index"),
        ("workstreams", "0002_weakness_progress_summary"),
    ]

    operations = [
        # False for the records already there, filled in as the column is added;
        # the default for new records becomes True at the end (no SQL: Django keeps
        # defaults in Python), so the table is not rewritten a second time.
        migrations.AddField(
            model_name="historicalaction",
            name="links_recorded",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="False for records written before links were kept with each record.",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalAction_measures",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "action",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actions.action",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="actions.historicalaction",
                    ),
                ),
                (
                    "successmeasure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="workstreams.successmeasure",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAction_measures",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAction_weaknesses",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "action",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actions.action",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="actions.historicalaction",
                    ),
                ),
                (
                    "weakness",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="workstreams.weakness",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAction_weaknesses",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(copy_current_links, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalaction",
            name="links_recorded",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text="False for records written before links were kept with each record.",
            ),
        ),
    ]
