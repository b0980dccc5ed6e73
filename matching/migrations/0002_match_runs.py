"""Cohort match runs and their proposed pairs (reserved slot 0002, filled by the cohort work)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_suggestions"),
        ("relationships", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MatchRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "objective",
                    models.CharField(
                        choices=[
                            ("total_score", "Best total score"),
                            ("coverage", "Match as many mentees as possible"),
                            ("stable", "Stable (no pair would rather swap)"),
                        ],
                        max_length=12,
                    ),
                ),
                ("min_score", models.FloatField(blank=True, null=True)),
                ("weights", models.JSONField(default=dict)),
                ("mentee_ids", models.JSONField(default=list)),
                ("mentor_ids", models.JSONField(default=list)),
                ("mentor_capacity", models.JSONField(default=dict)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("ready", "Ready for review"),
                            ("failed", "Failed"),
                            ("published", "Published"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("metrics", models.JSONField(blank=True, default=dict)),
                ("unmatched", models.JSONField(blank=True, default=list)),
                ("error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "based_on",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reruns",
                        to="matching.matchrun",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="mentorship.job",
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="match_runs",
                        to="mentorship.program",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "ranker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="match_runs",
                        to="matching.rankermodel",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ProposedPair",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.FloatField()),
                ("breakdown", models.JSONField(default=dict)),
                ("reasons", models.JSONField(default=list)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("locked", "Locked"),
                            ("removed", "Removed"),
                        ],
                        default="proposed",
                        max_length=10,
                    ),
                ),
                (
                    "mentee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mentorship.menteeparticipation",
                    ),
                ),
                (
                    "mentor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mentorship.mentorparticipation",
                    ),
                ),
                (
                    "relationship",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="relationships.relationship",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pairs",
                        to="matching.matchrun",
                    ),
                ),
            ],
            options={
                "ordering": ["-score", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state__in", ["queued", "running", "ready", "failed", "published"])
                ),
                name="match_run_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.CheckConstraint(
                condition=models.Q(("objective__in", ["total_score", "coverage", "stable"])),
                name="match_run_objective_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("min_score__isnull", True),
                    models.Q(("min_score__gte", 0), ("min_score__lte", 100)),
                    _connector="OR",
                ),
                name="match_run_min_score_0_100",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "published"), ("published_at__isnull", False)),
                    models.Q(
                        models.Q(("state", "published"), _negated=True),
                        ("published_at__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="match_run_published_at_iff_published",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.CheckConstraint(
                condition=models.Q(("based_on", models.F("id")), _negated=True),
                name="match_run_not_based_on_itself",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposedpair",
            constraint=models.UniqueConstraint(
                fields=("run", "mentee"), name="proposed_pair_one_per_mentee"
            ),
        ),
        migrations.AddConstraint(
            model_name="proposedpair",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["proposed", "locked", "removed"])),
                name="proposed_pair_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposedpair",
            constraint=models.CheckConstraint(
                condition=models.Q(("score__gte", 0), ("score__lte", 100)),
                name="proposed_pair_score_0_100",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposedpair",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "removed"), _negated=True),
                    ("relationship__isnull", True),
                    _connector="OR",
                ),
                name="proposed_pair_removed_not_published",
            ),
        ),
    ]
