# Introductions (with their one follow-up meeting), milestones and thank-you notes.
# Written by hand from `makemigrations` output, so that only these models are in it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MEETING_MODES = [
    ("video", "Video call"),
    ("phone", "Phone"),
    ("in_person", "In person"),
    ("chat", "Chat"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0002_circles"),
    ]

    operations = [
        migrations.CreateModel(
            name="Introduction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(max_length=2000)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for an answer"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("answer_note", models.TextField(blank=True, max_length=1000)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("follow_up_at", models.DateTimeField(blank=True, null=True)),
                ("follow_up_minutes", models.PositiveSmallIntegerField(default=30)),
                (
                    "follow_up_mode",
                    models.CharField(blank=True, choices=MEETING_MODES, max_length=10),
                ),
                (
                    "follow_up_location",
                    models.CharField(blank=True, max_length=300, verbose_name="place or link"),
                ),
                (
                    "introduced_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="introductions_made",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="introductions_received",
                        to="mentorship.membership",
                    ),
                ),
                (
                    "mentee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="introductions",
                        to="mentorship.menteeparticipation",
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="introductions",
                        to="mentorship.program",
                    ),
                ),
                (
                    "relationship",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="introductions",
                        to="relationships.relationship",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["member", "state"], name="introduction_member_state")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("state__in", ["pending", "accepted", "declined", "withdrawn"])
                        ),
                        name="introduction_state",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("state", "pending")),
                        fields=("mentee", "member"),
                        name="introduction_one_pending_per_pair",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("follow_up_at__isnull", True), ("state", "accepted"), _connector="OR"
                        ),
                        name="introduction_follow_up_only_when_accepted",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("follow_up_minutes__gte", 5), ("follow_up_minutes__lte", 480)
                        ),
                        name="introduction_follow_up_5_480",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("achieved_at", models.DateTimeField()),
                (
                    "achieved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "goal",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="milestone",
                        to="relationships.goal",
                    ),
                ),
                (
                    "relationship",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="milestones",
                        to="relationships.relationship",
                    ),
                ),
            ],
            options={"ordering": ["-achieved_at", "-id"]},
        ),
        migrations.CreateModel(
            name="ThankYouNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("body", models.TextField(max_length=3000)),
                ("mentee_consents_public", models.BooleanField(default=False)),
                ("mentor_consents_public", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "relationship",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="thank_you_notes",
                        to="relationships.relationship",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("mentee_consents_public", True),
                            ("mentor_consents_public", False),
                            _connector="OR",
                        ),
                        name="thank_you_mentor_consent_needs_mentee",
                    ),
                ],
            },
        ),
    ]
