# One current relationship per unordered pair of people (peer mentoring): the pair is
# stored as `person_low`/`person_high` user ids, filled here for existing rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fill_people(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    relationship_model = apps.get_model("relationships", "Relationship")
    rows = relationship_model.objects.values_list(
        "pk", "mentee__membership__user_id", "mentor__membership__user_id"
    )
    for pk, mentee_user_id, mentor_user_id in rows.iterator(chunk_size=2000):
        relationship_model.objects.filter(pk=pk).update(
            person_low_id=min(mentee_user_id, mentor_user_id),
            person_high_id=max(mentee_user_id, mentor_user_id),
        )
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL refuses the ALTER TABLE below while
        # trigger events from these updates are still pending in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0003_introductions_recognition"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="relationship",
            name="person_low",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="relationship",
            name="person_high",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_people, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="relationship",
            name="person_low",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="relationship",
            name="person_high",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="relationship",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["active", "paused"])),
                fields=("program", "person_low", "person_high"),
                name="relationship_one_current_per_people",
            ),
        ),
        migrations.AddConstraint(
            model_name="relationship",
            constraint=models.CheckConstraint(
                condition=models.Q(("person_low__lt", models.F("person_high"))),
                name="relationship_people_ordered",
            ),
        ),
    ]
