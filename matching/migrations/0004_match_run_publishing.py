# Publishing a match run became a background job: a `publishing` state while the worker
# creates the relationships, and the run keeps the latest publish attempt's job.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_ranker_training"),
        ("mentorship", "0007_program_description_length"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="matchrun",
            name="match_run_state_valid",
        ),
        migrations.AddField(
            model_name="matchrun",
            name="publish_job",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="mentorship.job",
            ),
        ),
        migrations.AlterField(
            model_name="matchrun",
            name="state",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("ready", "Ready for review"),
                    ("failed", "Failed"),
                    ("publishing", "Publishing"),
                    ("published", "Published"),
                ],
                default="queued",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "state__in",
                        ["queued", "running", "ready", "failed", "publishing", "published"],
                    )
                ),
                name="match_run_state_valid",
            ),
        ),
    ]
