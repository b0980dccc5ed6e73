"""Participant import: preview a CSV (the dry run), then import it, all or nothing.

The rules, decided once here:
- People are matched by email, in any case. Someone not on the platform gets an account
  with no usable password; they choose one through the invitation link.
- Imported people become **active** members at once: the program admin vouches for them.
  Roles are added, never removed; nobody is removed from the program by an import.
- Whoever has no password yet (a new account, or one imported earlier and never claimed)
  gets an invitation email with a set-password link (`invitations.send_invitation_email`).
  Someone with an account of their own gets an in-app notification (kind INVITATION) that
  they were added. Only people who were not active members before are told anything, so a
  re-import of the same file sends nothing a second time.
- A non-empty cell sets its field (a list replaces the list); an empty cell leaves the
  field as it is. The profile (name, time zone and profile columns) is shared by all of a
  person's programs, so an import writes it only for accounts nobody has claimed yet: once
  a person has set their password, their profile is theirs. Program-specific columns
  (role, goals, capacity, expertise, how I can help) are written for everyone.
- Goals are added when the mentee does not have that goal yet (same area, same words);
  an import never deletes goals.
- Someone who left the program, or whose account is deactivated, is a row error: an
  admin cannot pull a person back in who chose to leave.
- A row that would change nothing is left untouched (no write, no timestamp moves).
- Any error in the file means nothing is written. The page's dry run stores only the
  `ParticipantImport` row that carries the file from preview to import; the API's dry run
  writes nothing at all.
- The import itself runs as a background job (a file may have 10,000 rows): the page and
  the API check the file at once, then `start_import` queues a `Job` that the admin
  watches. One import of a file runs at a time; the job's id is kept in the import's
  `summary` under `job_id`, so a second click finds it and starts nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import Job, ParticipantImport, Program, User
from mentorship.services.jobs import (
    fail_job,
    finish_job,
    mark_job_running,
    report_job_progress,
    start_job,
)
from mentorship.services.participant_apply import apply_plan_rows
from mentorship.services.participant_csv import CsvError, decode_upload, errors_by_column
from mentorship.services.participant_plan import ACTIONS, ImportPlan, plan_text
from mentorship.services.programs import is_program_admin

logger = logging.getLogger(__name__)

IMPORT_JOB_KIND = "participant_import"
IMPORT_TASK = "mentorship.tasks.import_participants"
# Progress while the file is checked again; the rows' writes fill the rest up to 99.
CHECKED_PROGRESS = 5


class ImportHasErrors(ApplicationError):
    """The file has row errors, so nothing was imported (400); `problems` lists them all."""

    def __init__(self, problems: list[CsvError]) -> None:
        self.problems = problems
        super().__init__(
            ngettext(
                "The file has %(count)d problem; nothing was imported.",
                "The file has %(count)d problems; nothing was imported.",
                len(problems),
            )
            % {"count": len(problems)},
            errors=errors_by_column(problems),
        )


class ImportAlreadyRunning(InvalidTransition):
    """This file's import job is queued or running; a second one would race it (409)."""


def check_can_import(*, user: User, program: Program) -> None:
    """Only the program's admins import, and a closed program takes nobody new."""
    if not is_program_admin(user=user, program=program):
        raise ActionNotAllowed(_("Only this program's admins can import participants."))
    if program.status == Program.Status.CLOSED:
        raise InvalidTransition(_("This program is closed; it takes no new participants."))


def plan_import(*, program: Program, data: bytes) -> ImportPlan:
    """Check an uploaded file and say what importing it would do; writes nothing.

    Raises `FileRejected` when the file as a whole is unreadable; row errors are in
    the returned plan's `errors`.
    """
    return plan_text(program=program, text=decode_upload(data))


def preview_import(
    *, program: Program, uploaded_by: User, filename: str, data: bytes
) -> ParticipantImport:
    """The page's dry run: check the file and keep it, with its plan, for the import step.

    The stored `ParticipantImport` (state `previewed`) is the only row written; it is what
    the "Import" button imports, so the admin imports exactly the file they previewed.
    """
    check_can_import(user=uploaded_by, program=program)
    plan = plan_import(program=program, data=data)
    return ParticipantImport.objects.create(
        program=program,
        uploaded_by=uploaded_by,
        filename=filename[:200],
        content=plan.text,
        row_count=len(plan.plans) + _rows_with_errors(plan.errors),
        errors=[error.as_dict() for error in plan.errors],
        summary=plan.summary(),
    )


# --- The import as a job -----------------------------------------------------------------


def start_import(*, participant_import: ParticipantImport, imported_by: User) -> Job:
    """Queue the import of a previewed file as a job owned by `imported_by`.

    A preview with row errors is marked `failed` and `ImportHasErrors` is raised at once;
    a file already imported (or failed) is a 409, and so is a file whose import job is
    still queued or running (`ImportAlreadyRunning`).
    """
    try:
        return _start_previewed(pk=participant_import.pk, imported_by=imported_by)
    except ImportHasErrors as rejected:
        _mark_failed(pk=participant_import.pk, problems=rejected.problems)
        raise


@transaction.atomic
def _start_previewed(*, pk: int, imported_by: User) -> Job:
    # The lock makes two clicks at the same moment queue one job, not two.
    record = (
        ParticipantImport.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=pk)
    )
    check_can_import(user=imported_by, program=record.program)
    if record.state != ParticipantImport.State.PREVIEWED:
        raise InvalidTransition(_("This file has already been imported or has failed."))
    if import_job_running(record):
        raise ImportAlreadyRunning(_("This file is being imported already; wait for it to finish."))
    if record.errors:
        raise ImportHasErrors([CsvError(**error) for error in record.errors])
    job = start_job(
        owner=imported_by,
        kind=IMPORT_JOB_KIND,
        task_name=IMPORT_TASK,
        task_kwargs={"import_id": record.pk},
    )
    record.summary = {**record.summary, "job_id": str(job.id)}
    record.save(update_fields=["summary"])
    return job


@transaction.atomic
def queue_import(*, program: Program, imported_by: User, filename: str, data: bytes) -> Job:
    """The API's import: check the file now, then import it in a job, all or nothing.

    A file that cannot be read (`FileRejected`) or has row errors (`ImportHasErrors`)
    writes nothing and queues nothing; checking is quick, only the writes are slow.
    """
    check_can_import(user=imported_by, program=program)
    plan = plan_import(program=program, data=data)
    if plan.errors:
        raise ImportHasErrors(plan.errors)
    record = ParticipantImport.objects.create(
        program=program,
        uploaded_by=imported_by,
        filename=filename[:200],
        content=plan.text,
        row_count=len(plan.plans),
        summary=plan.summary(),
    )
    return _start_previewed(pk=record.pk, imported_by=imported_by)


def import_job_of(record: ParticipantImport) -> uuid.UUID | None:
    """The id of the job that imports (or imported) this file, if one was started."""
    job_id = (record.summary or {}).get("job_id")
    return uuid.UUID(job_id) if job_id else None


def import_job_running(record: ParticipantImport) -> bool:
    """Whether this file's import job is still queued or running."""
    job_id = import_job_of(record)
    return (
        job_id is not None
        and Job.objects.filter(pk=job_id).exclude(state__in=Job.FINISHED_STATES).exists()
    )


def import_result(record: ParticipantImport) -> dict[str, Any]:
    """What an import did, as a job's result: its id, its rows and the count per action."""
    summary = record.summary or {}
    counts = {action: int(summary.get(action, 0)) for action in ACTIONS}
    return {
        "import_id": record.pk,
        "rows": sum(counts.values()),
        "created": counts["create"],
        "added": counts["add"],
        "updated": counts["update"],
        "unchanged": counts["unchanged"],
    }


def run_import_job(*, import_id: int, job_id: uuid.UUID | str) -> None:
    """Run inside a worker: import a file for its job, reporting progress as rows are written.

    A redelivered task whose import already committed only records the result again. An
    import that fails writes nothing and fails the job with what the admin should do.
    """
    job = mark_job_running(job_id=job_id)
    record = ParticipantImport.objects.filter(pk=import_id).first()
    if record is None:
        fail_job(job_id=job_id, error=_("This file is gone; upload it again."))
        return
    if record.state == ParticipantImport.State.IMPORTED and import_job_of(record) == job.id:
        finish_job(job_id=job_id, result=import_result(record), message=_done_message(record))
        return
    with progress_reporter(job_id=job_id) as report:
        report(CHECKED_PROGRESS, _("Checking the file again"))

        def rows_written(done: int, total: int) -> None:
            progress = CHECKED_PROGRESS + (99 - CHECKED_PROGRESS) * done // max(total, 1)
            message = _("Imported %(done)d of %(total)d rows") % {"done": done, "total": total}
            report(progress, message)

        try:
            record = run_import(
                participant_import=record, imported_by=job.owner, on_progress=rows_written
            )
        except ApplicationError as error:
            fail_job(job_id=job_id, error=error.message)
            return
        except Exception:
            fail_job(
                job_id=job_id,
                error=_("The import stopped unexpectedly and nothing was imported. Try again."),
            )
            raise
    finish_job(job_id=job_id, result=import_result(record), message=_done_message(record))


def _done_message(record: ParticipantImport) -> str:
    count = len((record.summary or {}).get("plans", []))
    return ngettext(
        "Imported %(count)d participant.", "Imported %(count)d participants.", count
    ) % {"count": count}


@contextmanager
def progress_reporter(*, job_id: uuid.UUID | str) -> Iterator[Callable[[int, str], None]]:
    """`report(progress, message)` for a job whose work happens in one long transaction.

    Progress written inside the import's transaction would stay invisible to the page that
    polls it until the very end. So a task running outside any transaction on PostgreSQL
    (a real worker) reports from a helper thread: its own connection commits each report
    at once, and it never waits on the import, which does not touch the job's row. Where
    the task already runs inside a transaction (eager tasks, in the outbox's; tests) or on
    SQLite (one writer at a time), reports are written in line.
    """

    def in_line(progress: int, message: str) -> None:
        report_job_progress(job_id=job_id, progress=progress, message=message)

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield in_line
        return
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="job-progress")

    def in_thread(progress: int, message: str) -> None:
        executor.submit(_report_committed, in_line, progress, message)

    try:
        yield in_thread
    finally:
        executor.submit(connections.close_all)
        executor.shutdown(wait=True)


def _report_committed(report: Callable[[int, str], None], progress: int, message: str) -> None:
    try:
        report(progress, message)
    except DatabaseError:  # progress is a courtesy; the import goes on without it
        logger.warning("Could not report import progress", exc_info=True)


# --- Importing -----------------------------------------------------------------------------


def run_import(
    *,
    participant_import: ParticipantImport,
    imported_by: User,
    on_progress: Callable[[int, int], None] | None = None,
) -> ParticipantImport:
    """Import a previewed file, all or nothing (the job's work; tests call it directly).

    The file is checked again against the database as it is now; if anything is wrong
    nothing is written, the preview is marked `failed` with the errors, and
    `ImportHasErrors` is raised. Importing the same preview twice is a 409.
    """
    try:
        return _run_previewed(
            pk=participant_import.pk, imported_by=imported_by, on_progress=on_progress
        )
    except ImportHasErrors as rejected:
        _mark_failed(pk=participant_import.pk, problems=rejected.problems)
        raise


def _mark_failed(*, pk: int, problems: list[CsvError]) -> None:
    ParticipantImport.objects.filter(pk=pk, state=ParticipantImport.State.PREVIEWED).update(
        state=ParticipantImport.State.FAILED,
        errors=[problem.as_dict() for problem in problems],
    )


@transaction.atomic
def _run_previewed(
    *, pk: int, imported_by: User, on_progress: Callable[[int, int], None] | None
) -> ParticipantImport:
    record = (
        ParticipantImport.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=pk)
    )
    if record.state != ParticipantImport.State.PREVIEWED:
        raise InvalidTransition(_("This file has already been imported or has failed."))
    check_can_import(user=imported_by, program=record.program)
    plan = plan_text(program=record.program, text=record.content)
    _apply_plan(program=record.program, plan=plan, on_progress=on_progress)
    job_id = import_job_of(record)
    record.state = ParticipantImport.State.IMPORTED
    record.imported_at = timezone.now()
    record.summary = {**plan.summary(), **({"job_id": str(job_id)} if job_id else {})}
    record.errors = []
    record.save(update_fields=["state", "imported_at", "summary", "errors"])
    return record


@transaction.atomic
def import_participants(
    *, program: Program, imported_by: User, filename: str, data: bytes
) -> ParticipantImport:
    """Check and import a file in one step, in this process, all or nothing.

    On success the import is recorded as a `ParticipantImport` in state `imported`; on any
    error (`FileRejected`, `ImportHasErrors`) nothing at all is written. Pages and the API
    use the job (`start_import`, `queue_import`); this is for scripts and tests.
    """
    check_can_import(user=imported_by, program=program)
    plan = plan_import(program=program, data=data)
    _apply_plan(program=program, plan=plan)
    return ParticipantImport.objects.create(
        program=program,
        uploaded_by=imported_by,
        filename=filename[:200],
        content=plan.text,
        state=ParticipantImport.State.IMPORTED,
        row_count=len(plan.plans),
        summary=plan.summary(),
        imported_at=timezone.now(),
    )


def _rows_with_errors(errors: list[CsvError]) -> int:
    return len({error.line for error in errors if error.line is not None})


# --- Applying: the writes -----------------------------------------------------------------


def _apply_plan(
    *, program: Program, plan: ImportPlan, on_progress: Callable[[int, int], None] | None = None
) -> None:
    """Write every planned row, or raise (rolling the caller's transaction back)."""
    if plan.errors:
        raise ImportHasErrors(plan.errors)
    try:
        with transaction.atomic():
            apply_plan_rows(program=program, plan=plan, on_progress=on_progress)
    except IntegrityError:
        # Someone else created one of these people or memberships at the same moment.
        raise InvalidTransition(
            _("These participants changed while importing; preview the file again.")
        ) from None
