"""How complete a member's answers are, per role, and the one thing to do next.

Matching is only as good as what people tell us, so onboarding shows a meter and a single
next step instead of a wall of fields. The meter counts the answers matching and the
directory use; answers with a default that is already a real answer (capacity, the
"accepting new mentees" switch, industry and seniority preferences) and answers some
people honestly do not have (an organisation) are not counted, so nobody is nagged to
"fill" them.

Everything here reads related rows through `.all()`, so a caller that prefetched them
(the program list does, for every membership at once) pays no extra queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentorship.models import (
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    User,
)


class Step(StrEnum):
    """The questionnaire's steps, in the order they are asked."""

    PROFILE = "profile"
    MENTEE = "mentee"
    MENTOR = "mentor"


STEP_TITLES: dict[Step, Promise] = {
    Step.PROFILE: _("About you"),
    Step.MENTEE: _("As a mentee"),
    Step.MENTOR: _("As a mentor"),
}


@dataclass(frozen=True)
class Item:
    """One answer the meter counts; `action` is what to do when it is missing."""

    key: str
    action: Promise
    done: bool


@dataclass(frozen=True)
class StepStatus:
    step: Step
    items: tuple[Item, ...]

    @property
    def title(self) -> Promise:
        return STEP_TITLES[self.step]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def is_complete(self) -> bool:
        return self.done_count == len(self.items)

    @property
    def percent(self) -> int:
        return _percent(self.done_count, len(self.items))

    @property
    def first_missing(self) -> Item | None:
        return next((item for item in self.items if not item.done), None)


@dataclass(frozen=True)
class Completeness:
    """The meter for one membership: every step the member's roles call for."""

    steps: tuple[StepStatus, ...]

    @property
    def done_count(self) -> int:
        return sum(step.done_count for step in self.steps)

    @property
    def total(self) -> int:
        return sum(len(step.items) for step in self.steps)

    @property
    def percent(self) -> int:
        return _percent(self.done_count, self.total)

    @property
    def is_complete(self) -> bool:
        return all(step.is_complete for step in self.steps)

    @property
    def next_step(self) -> StepStatus | None:
        """The first step, in asking order, with an answer missing."""
        return next((step for step in self.steps if not step.is_complete), None)

    @property
    def next_action(self) -> Promise | None:
        """The single next thing to do, in words ("Add your first goal")."""
        step = self.next_step
        item = step.first_missing if step else None
        return item.action if item else None


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 100


def steps_for(membership: Membership) -> list[Step]:
    """The steps this member is asked: the profile, then one per role they hold."""
    steps = [Step.PROFILE]
    if membership.has_role(Membership.Role.MENTEE):
        steps.append(Step.MENTEE)
    if membership.has_role(Membership.Role.MENTOR):
        steps.append(Step.MENTOR)
    return steps


def profile_status(*, user: User, profile: Profile | None) -> StepStatus:
    """What a person has told every program about themselves (None: nothing yet)."""
    if profile is None:
        # An unsaved profile has the same empty answers; its relations cannot be read.
        profile = Profile(user=user)
        has_languages = has_skills = False
    else:
        has_languages = bool(profile.languages.all())
        has_skills = bool(profile.skills.all())
    return StepStatus(
        step=Step.PROFILE,
        items=(
            Item("display_name", _("Tell us the name people should see"), bool(user.display_name)),
            Item("headline", _("Write a one-line headline"), bool(profile.headline)),
            Item("job_title", _("Add your current role"), bool(profile.job_title)),
            Item("industry", _("Choose your industry"), profile.industry_id is not None),
            Item(
                "years_experience",
                _("Say how many years of experience you have"),
                profile.years_experience is not None,
            ),
            Item("bio", _("Write a short bio"), bool(profile.bio)),
            Item("languages", _("Choose the languages you speak"), has_languages),
            Item("skills", _("Pick your skills"), has_skills),
            Item("meeting_modes", _("Choose how you like to meet"), bool(profile.meeting_modes)),
            Item(
                "availability",
                _("Say how many hours a month you can give"),
                profile.availability_hours_per_month is not None,
            ),
        ),
    )


def mentee_status(participation: MenteeParticipation) -> StepStatus:
    """A mentee's goals and wishes: what suggestions are computed from."""
    return StepStatus(
        step=Step.MENTEE,
        items=(
            Item("goals", _("Add your first goal"), bool(participation.goals.all())),
            Item(
                "skills_wanted",
                _("Pick the skills you want to build"),
                bool(participation.skills_wanted.all()),
            ),
            Item(
                "preferred_languages",
                _("Choose the languages you can be mentored in"),
                bool(participation.preferred_languages.all()),
            ),
        ),
    )


def mentor_status(participation: MentorParticipation) -> StepStatus:
    """What a mentor offers: what mentees search and are matched on."""
    return StepStatus(
        step=Step.MENTOR,
        items=(
            Item(
                "expertise_areas",
                _("Choose your areas of expertise"),
                bool(participation.expertise_areas.all()),
            ),
            Item(
                "skills_taught",
                _("Pick the skills you can teach"),
                bool(participation.skills_taught.all()),
            ),
            Item(
                "how_i_can_help",
                _("Say in your own words how you can help"),
                bool(participation.how_i_can_help.strip()),
            ),
        ),
    )


def completeness(*, user: User, profile: Profile | None, membership: Membership) -> Completeness:
    """The meter for `membership`: the profile step plus a step per role held there."""
    statuses = [profile_status(user=user, profile=profile)]
    if membership.has_role(Membership.Role.MENTEE):
        statuses.append(mentee_status(membership.mentee_participation))
    if membership.has_role(Membership.Role.MENTOR):
        statuses.append(mentor_status(membership.mentor_participation))
    return Completeness(steps=tuple(statuses))


def with_answers(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Memberships with every row the meter reads, in a fixed number of queries."""
    return memberships.select_related(
        "program", "mentee_participation", "mentor_participation"
    ).prefetch_related(
        "mentee_participation__goals",
        "mentee_participation__skills_wanted",
        "mentee_participation__preferred_languages",
        "mentor_participation__expertise_areas",
        "mentor_participation__skills_taught",
    )


def profile_with_answers(user: User) -> Profile | None:
    """The user's profile with the relations the meter reads, or None before the first save."""
    return Profile.objects.filter(user_id=user.pk).prefetch_related("languages", "skills").first()
