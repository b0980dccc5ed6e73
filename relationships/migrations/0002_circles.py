# Mentor circles: circles, their memberships, group sessions and the attendees' ratings.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Circle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(max_length=120, verbose_name="topic")),
                (
                    "description",
                    models.TextField(blank=True, max_length=2000, verbose_name="description"),
                ),
                ("capacity", models.PositiveSmallIntegerField(default=6, verbose_name="seats")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("mentor", "Opened by the mentor for their mentees"),
                            ("program", "Created by the program; mentees ask to join"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("open", "Open"), ("closed", "Closed")],
                        default="open",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
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
                    "mentor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="circles",
                        to="mentorship.mentorparticipation",
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="circles",
                        to="mentorship.program",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CircleMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("requested", "Asked to join"),
                            ("invited", "Invited"),
                            ("active", "Member"),
                            ("declined", "Declined"),
                            ("left", "Left"),
                        ],
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                ("left_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "circle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="relationships.circle",
                    ),
                ),
                (
                    "mentee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="circle_memberships",
                        to="mentorship.menteeparticipation",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="CircleSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField()),
                ("duration_minutes", models.PositiveSmallIntegerField(default=60)),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("video", "Video call"),
                            ("phone", "Phone"),
                            ("in_person", "In person"),
                            ("chat", "Chat"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "location",
                    models.CharField(blank=True, max_length=300, verbose_name="place or link"),
                ),
                ("agenda", models.TextField(blank=True, max_length=4000)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="scheduled",
                        max_length=10,
                    ),
                ),
                ("shared_notes", models.TextField(blank=True, max_length=10000)),
                ("logged_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "attendees",
                    models.ManyToManyField(
                        blank=True, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "circle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="relationships.circle",
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
                    "logged_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["starts_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="CircleSessionRating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rating", models.PositiveSmallIntegerField()),
                ("comment", models.TextField(blank=True, max_length=2000)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "attendee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="relationships.circlesession",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="circle",
            constraint=models.CheckConstraint(
                condition=models.Q(("capacity__gte", 2), ("capacity__lte", 20)),
                name="circle_capacity_2_20",
            ),
        ),
        migrations.AddConstraint(
            model_name="circle",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["mentor", "program"])), name="circle_kind"
            ),
        ),
        migrations.AddConstraint(
            model_name="circle",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["open", "closed"])), name="circle_state"
            ),
        ),
        migrations.AddConstraint(
            model_name="circle",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("closed_at__isnull", True), ("state", "open")),
                    models.Q(("closed_at__isnull", False), ("state", "closed")),
                    _connector="OR",
                ),
                name="circle_closed_at_when_closed",
            ),
        ),
        migrations.AddIndex(
            model_name="circlemembership",
            index=models.Index(fields=["circle", "state"], name="circle_membership_circle_st"),
        ),
        migrations.AddConstraint(
            model_name="circlemembership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["requested", "invited", "active"])),
                fields=("circle", "mentee"),
                name="circle_membership_one_current",
            ),
        ),
        migrations.AddConstraint(
            model_name="circlemembership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state__in", ["requested", "invited", "active", "declined", "left"])
                ),
                name="circle_membership_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="circlemembership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "left"), _negated=True),
                    ("left_at__isnull", False),
                    _connector="OR",
                ),
                name="circle_membership_left_at",
            ),
        ),
        migrations.AddIndex(
            model_name="circlesession",
            index=models.Index(fields=["state", "starts_at"], name="circle_session_state_start"),
        ),
        migrations.AddConstraint(
            model_name="circlesession",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration_minutes__gte", 5), ("duration_minutes__lte", 480)),
                name="circle_session_duration_5_480",
            ),
        ),
        migrations.AddConstraint(
            model_name="circlesession",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["scheduled", "held", "cancelled"])),
                name="circle_session_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="circlesession",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state", "scheduled"), ("logged_at__isnull", False), _connector="OR"
                ),
                name="circle_session_logged_at",
            ),
        ),
        migrations.AddConstraint(
            model_name="circlesessionrating",
            constraint=models.UniqueConstraint(
                fields=("session", "attendee"), name="circle_session_rating_one_per_attendee"
            ),
        ),
        migrations.AddConstraint(
            model_name="circlesessionrating",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__gte", 1), ("rating__lte", 5)),
                name="circle_session_rating_1_5",
            ),
        ),
    ]
