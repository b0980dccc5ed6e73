"""Controlled vocabularies: skills, goal areas, industries and languages.

Free text would make matching and filtering guesswork, so people pick from these lists.
Platform admins extend skills and goal areas in the Django admin; industries and languages
change rarely and ship with the seed data.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class VocabularyTerm(models.Model):
    """A named term with a stable slug that URLs, filters and CSV files refer to."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("skill")
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_unique_ci")]


class GoalArea(VocabularyTerm):
    """What a mentee wants to grow in, and what a mentor has expertise in."""

    description = models.CharField(max_length=200, blank=True)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("goal area")
        constraints = [models.UniqueConstraint(Lower("name"), name="goalarea_name_unique_ci")]


class Industry(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [models.UniqueConstraint(Lower("name"), name="industry_name_unique_ci")]


class Language(models.Model):
    """A language people can hold a mentoring conversation in (ISO 639-1 code)."""

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")

    def __str__(self) -> str:
        return self.name
