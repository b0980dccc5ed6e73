# Reserved slot, filled by the learning loop: a ranker version remembers when it was last
# activated (rollbacks) and which training job made it (a re-run replaces, never duplicates).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_match_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="rankermodel",
            name="activated_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="rankermodel",
            name="job",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="mentorship.job",
            ),
        ),
    ]
