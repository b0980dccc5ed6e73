"""What the matrix's URL kwargs point at: each a sentence and the world's object.

The objects belong to the mentee and mentor's pair unless the sentence says otherwise,
so for each row `other_mentee` and `other_mentor` are members of the same program who are
not in that pair, and `other_program_admin` runs another program.
"""

from __future__ import annotations

from tests.permissions.surface import Target

NOTHING = Target("nothing: the signed-in person's own", lambda w: {})
PROGRAM = Target("the program (Rise)", lambda w: {"slug": w.program.slug})
JOIN_REQUEST = Target(
    "a pending join request to the program",
    lambda w: {"slug": w.program.slug, "membership_id": w.join_request.pk},
)
ONBOARDING_STEP = Target(
    "the program's profile step of the questionnaire",
    lambda w: {"slug": w.program.slug, "step": "profile"},
)
NOTIFICATION = Target(
    "a notification of the mentee", lambda w: {"notification_id": w.notification.pk}
)
NOTIFICATION_ID = Target("a notification of the mentee", lambda w: {"id": w.notification.pk})
UNSUBSCRIBE = Target(
    "the mentee's signed unsubscribe link (the link is the authority)",
    lambda w: {"token": w.unsubscribe_token},
)
IMPORT = Target(
    "a participant import the program admin previewed",
    lambda w: {"slug": w.program.slug, "import_id": w.participant_import.pk},
)
INVITATION = Target(
    "an invited person's set-password link (the link is the authority)",
    lambda w: dict(w.invitation),
)
MENTEE_MEMBERSHIP = Target(
    "the mentee's membership of the program",
    lambda w: {"slug": w.program.slug, "membership_id": w.pair.mentee_part.membership_id},
)
REQUEST = Target(
    "the mentee's request to the mentor (accepted)", lambda w: {"pk": w.pair.request.pk}
)
REQUEST_ID = Target(
    "the mentee's request to the mentor (accepted)", lambda w: {"id": w.pair.request.pk}
)
RELATIONSHIP = Target(
    "the mentee and mentor's relationship (active)",
    lambda w: {"relationship_id": w.pair.relationship.pk},
)
GOAL = Target(
    "a goal of the relationship",
    lambda w: {"relationship_id": w.pair.relationship.pk, "goal_id": w.pair.goal.pk},
)
ACTION_ITEM = Target(
    "an action item of the relationship",
    lambda w: {"relationship_id": w.pair.relationship.pk, "item_id": w.pair.action_item.pk},
)
MEETING = Target(
    "a held meeting of the relationship",
    lambda w: {"relationship_id": w.pair.relationship.pk, "meeting_id": w.pair.meeting.pk},
)
CONCERN = Target(
    "the mentee's concern report in the program",
    lambda w: {"slug": w.program.slug, "concern_id": w.pair.concern.pk},
)
PARTNER = Target(
    "the mentor as a member (the mentee's partner)", lambda w: {"user_id": w.pair.mentor.pk}
)
CALENDAR = Target(
    "the mentee's secret calendar feed (the token is the authority)",
    lambda w: {"token": w.calendar_token},
)
CIRCLE = Target("a circle of the mentor, the mentee a member", lambda w: {"circle_id": w.circle.pk})
CIRCLE_MEMBERSHIP = Target(
    "the mentee's (accepted) membership of the mentor's circle",
    lambda w: {"circle_id": w.circle.pk, "membership_id": w.circle_membership.pk},
)
CIRCLE_SESSION = Target(
    "a held session of the mentor's circle",
    lambda w: {"circle_id": w.circle.pk, "session_id": w.circle_session.pk},
)
INTRODUCTION = Target(
    "the mentor's introduction of the mentee to other_mentor (pending)",
    lambda w: {"introduction_id": w.introduction.pk},
)
INTRODUCTION_ID = Target(
    "the mentor's introduction of the mentee to other_mentor (pending)",
    lambda w: {"id": w.introduction.pk},
)
THANKS = Target(
    "the mentee's thank-you note to the mentor", lambda w: {"note_id": w.pair.thanks.pk}
)
THANKS_ID = Target("the mentee's thank-you note to the mentor", lambda w: {"id": w.pair.thanks.pk})
MENTOR = Target(
    "the mentor's page in the program",
    lambda w: {"slug": w.program.slug, "mentor_id": w.pair.mentor_part.pk},
)
MENTOR_ID = Target(
    "the mentor's page in the program",
    lambda w: {"slug": w.program.slug, "id": w.pair.mentor_part.pk},
)
SUGGESTIONS_JOB = Target(
    "the mentee's suggestions job",
    lambda w: {"slug": w.program.slug, "job_id": w.suggestions_job.pk},
)
JOB = Target("the mentee's suggestions job", lambda w: {"job_id": w.suggestions_job.pk})
JOB_ID = Target("the mentee's suggestions job", lambda w: {"id": w.suggestions_job.pk})
SUGGESTION = Target(
    "a suggestion shown to the mentee",
    lambda w: {"slug": w.program.slug, "suggestion_id": w.suggestion.pk},
)
SUGGESTION_ID = Target(
    "a suggestion shown to the mentee",
    lambda w: {"slug": w.program.slug, "id": w.suggestion.pk},
)
TRAINING_JOB = Target(
    "the program admin's ranker training job",
    lambda w: {"slug": w.program.slug, "job_id": w.training_job.pk},
)
RANKER_MODEL = Target(
    "a trained (inactive) ranker version of the program",
    lambda w: {"slug": w.program.slug, "model_id": w.ranker_model.pk},
)
RANKER_MODEL_ID = Target(
    "a trained (inactive) ranker version of the program",
    lambda w: {"slug": w.program.slug, "id": w.ranker_model.pk},
)
MATCH_RUN = Target(
    "a computed match run of the program",
    lambda w: {"slug": w.program.slug, "run_id": w.match_run.pk},
)
MATCH_RUN_ID = Target(
    "a computed match run of the program",
    lambda w: {"slug": w.program.slug, "id": w.match_run.pk},
)
MATCH_PAIR = Target(
    "a proposed pair of the program's match run",
    lambda w: {"slug": w.program.slug, "run_id": w.match_run.pk, "pair_id": w.match_pair.pk},
)
MATCH_PAIR_ID = Target(
    "a proposed pair of the program's match run",
    lambda w: {"slug": w.program.slug, "id": w.match_run.pk, "pair_id": w.match_pair.pk},
)
REPORT = Target(
    "the program's overview report", lambda w: {"slug": w.program.slug, "report": "overview"}
)
REPORT_TABLE = Target(
    "the relationships table of the program's at-risk report",
    lambda w: {"slug": w.program.slug, "report": "at-risk", "table": "relationships"},
)
EMAIL_KEY = Target("an email confirmation key nobody was sent", lambda w: {"key": "no-such-key"})
RESET_KEY = Target(
    "a password reset key nobody was sent", lambda w: {"uidb36": "zz", "key": "no-such-key"}
)
