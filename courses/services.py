"""Every write to enrolment, progress and completion. Completion is judged from records only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.text import ERROR_UNSAFE_TEXT, is_unsafe
from quizzes import services as quiz_services
from quizzes.models import Question, QuizAttempt

from .film_ranges import (
    InvalidRanges,
    clean_segments,
    film_duration,
    merge_segments,
    seconds_covered,
)
from .models import (
    CheckpointAnswer,
    CourseCompletion,
    CoursePage,
    Enrolment,
    Film,
    ModulePage,
    ModuleProgress,
    ModuleReflection,
)
from .rules import module_rule_met
from .signals import course_completed

ERROR_NO_SUCH_FILM = _("That film is not part of this module. Reload the page.")
ERROR_BAD_SEGMENTS = _("The film progress could not be read. It will be sent again.")
ERROR_TRANSCRIPT_NOT_ALLOWED = _("This module asks you to watch the film itself.")
ERROR_REFLECTION_SHORT = _("Write at least 30 characters.")
ERROR_REFLECTION_LONG = _("Write no more than 5000 characters.")
ERROR_RETAKE_NOT_COMPLETED = _("You can retake a course once you have completed it.")
REFLECTION_MIN, REFLECTION_MAX = 30, 5000
ERROR_NOT_A_CHECKPOINT = _("That question is not a checkpoint in this film. Reload the page.")
ERROR_NO_FILM_LENGTH = _(
    "This film's length is not known, so watching it cannot be measured. Use the transcript."
)
# The fastest the player lets a film play (module.js caps the playback rate at the same figure).
MAX_PLAYBACK_RATE = 2.0


class ProgressError(Exception):
    status = 400

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def enrolment_ensure(*, user, course: CoursePage) -> Enrolment:
    """Enrol the learner on the course unless they already are (a plain read when they are)."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is not None:
        return enrolment
    try:
        with transaction.atomic():
            enrolment, _created = Enrolment.objects.get_or_create(user=user, course=course)
    except IntegrityError:
        enrolment = Enrolment.objects.get(user=user, course=course)
    return enrolment


def _progress_locked(*, user, module: ModulePage) -> ModuleProgress:
    """The learner's progress row on this module, locked; made first if it is their first."""
    progress = ModuleProgress.objects.select_for_update().filter(user=user, module=module).first()
    if progress is None:
        ModuleProgress.objects.get_or_create(user=user, module=module)
        progress = ModuleProgress.objects.select_for_update().get(user=user, module=module)
    return progress


def film_credit_bound(progress: ModuleProgress, now) -> float:
    """The most film the server's own clock allows: the highest playback rate the player offers
    times the real time since the learner opened the film, however many tabs or requests."""
    if progress.film_opened_at is None:
        return 0.0
    return max((now - progress.film_opened_at).total_seconds(), 0.0) * MAX_PLAYBACK_RATE


def film_progress_record(*, user, module: ModulePage, block_id: str, segments, now=None):
    """Add the ranges of film a learner played, and mark the film watched when enough is covered.

    The server trusts ranges, not a "finished" flag, and credits no more film than could have
    played by its own clock since the film was opened (the first heartbeat, sent when play
    starts). The row is locked, so parallel heartbeats share one allowance. The film's length is
    the server's: the trainer's figure or the media file's, never the player's report.
    """
    block = module.film_block(block_id)
    if block is None:
        raise ProgressError(ERROR_NO_SUCH_FILM)
    duration = film_duration(block.value)
    if duration is None:
        raise ProgressError(ERROR_NO_FILM_LENGTH)
    now = now or timezone.now()
    with transaction.atomic():
        progress = _progress_locked(user=user, module=module)
        if progress.film_block_id != block_id:
            # Another film (or the film replaced): its credit starts from nothing.
            progress.film_block_id = block_id
            progress.film_segments = []
            progress.film_opened_at = None
            progress.film_seconds_watched = 0
        try:
            new = clean_segments(segments, duration=duration)
        except InvalidRanges:
            raise ProgressError(ERROR_BAD_SEGMENTS) from None
        if progress.film_opened_at is None:
            progress.film_opened_at = now
        merged = merge_segments([*progress.film_segments, *new])
        covered = seconds_covered(merged)
        credited = min(covered, film_credit_bound(progress, now))
        progress.film_duration = duration
        progress.film_segments = merged
        # Credit never goes down: a clock step backwards cannot take away what was earned.
        progress.film_seconds_watched = round(max(progress.film_seconds_watched, credited), 2)
        progress.film_last_heartbeat_at = now
        threshold = duration * module.film_watched_percent / 100
        if not progress.film_watched_at and progress.film_seconds_watched >= threshold - 0.5:
            progress.film_watched_at = now
        progress.save()
        module_progress_update(user=user, module=module, progress=progress)
    return progress


def transcript_confirm(*, user, module: ModulePage) -> ModuleProgress:
    """The learner read the transcript instead of watching: the accessible path through the film."""
    if not module.allow_transcript:
        raise ProgressError(ERROR_TRANSCRIPT_NOT_ALLOWED)
    with transaction.atomic():
        progress = _progress_locked(user=user, module=module)
        if not progress.transcript_confirmed_at:
            progress.transcript_confirmed_at = timezone.now()
            progress.save(update_fields=["transcript_confirmed_at", "updated_at"])
        module_progress_update(user=user, module=module, progress=progress)
    return progress


def film_watched_together(*, user, module: ModulePage, at) -> ModuleProgress:
    """The learner watched the module's film with their team, in a facilitated session: the film
    part is done (the module's other parts, such as the knowledge check, still apply)."""
    enrolment_ensure(user=user, course=module.get_parent().specific)
    with transaction.atomic():
        progress = _progress_locked(user=user, module=module)
        if not progress.film_watched_at:
            progress.film_watched_at = at
            progress.save(update_fields=["film_watched_at", "updated_at"])
        module_progress_update(user=user, module=module, progress=progress)
    return progress


def reflection_save(*, user, module: ModulePage, text: str) -> ModuleReflection:
    """Keep the learner's reflection on the module's prompt (the latest version wins)."""
    text = (text or "").strip().replace("\r\n", "\n")
    if is_unsafe(text):
        raise ProgressError(ERROR_UNSAFE_TEXT)
    if len(text) < REFLECTION_MIN:
        raise ProgressError(ERROR_REFLECTION_SHORT)
    if len(text) > REFLECTION_MAX:
        raise ProgressError(ERROR_REFLECTION_LONG)
    with transaction.atomic():
        reflection, _created = ModuleReflection.objects.update_or_create(
            user=user, module=module, defaults={"text": text}
        )
        progress = _progress_locked(user=user, module=module)
        if not progress.reflection_at:
            progress.reflection_at = timezone.now()
            progress.save(update_fields=["reflection_at", "updated_at"])
        module_progress_update(user=user, module=module, progress=progress)
    return reflection


def _is_module_quiz(module: ModulePage, attempt: QuizAttempt, purpose: str) -> bool:
    return any(
        block.value["quiz"] is not None and block.value["quiz"].pk == attempt.quiz_id
        for block in module.quiz_blocks(purpose)
    )


def module_quiz_submit(
    *, user, module: ModulePage, attempt: QuizAttempt | int | None, answers, now=None
) -> QuizAttempt:
    """A learner submits a quiz on a module: grade it once, note the result against the module and
    re-judge the module and course, all in one transaction.

    ``attempt`` (the attempt or its id) must be the learner's own on this module, or
    ``AttemptNotFound`` is raised and nothing is written.

    When the submit is refused (a missing or invalid answer), the valid answers it carried are still
    kept (committed), and the refusal is raised after: nothing a learner gave is lost.
    """
    refused = None
    with transaction.atomic():
        try:
            attempt = quiz_services.attempt_submit(
                attempt=attempt, answers=answers, now=now, user=user, context_id=module.pk
            )
        except quiz_services.InvalidResponse as error:
            refused = error
        else:
            _quiz_result_record(user=user, module=module, attempt=attempt)
    if refused is not None:
        raise refused
    return attempt


def _quiz_result_record(*, user, module: ModulePage, attempt: QuizAttempt) -> ModuleProgress:
    """Note a graded quiz against the module (a passed knowledge check, or the after-module
    questionnaire answered), then re-judge completion."""
    with transaction.atomic(savepoint=False):  # a step of the submit's transaction
        progress = _progress_locked(user=user, module=module)
        changed = []
        graded = (
            attempt.status == QuizAttempt.Status.GRADED
            and attempt.user_id == user.pk
            and not attempt.earlier_round  # a tab left open from the last round counts for none
        )
        knowledge = module.knowledge_quiz()
        if (
            graded
            and attempt.passed
            and attempt.purpose == QuizAttempt.Purpose.KNOWLEDGE
            and knowledge is not None
            and attempt.quiz_id == knowledge.pk
            and not progress.quiz_passed_at
        ):
            progress.quiz_passed_at = attempt.graded_at
            changed.append("quiz_passed_at")
        if (
            graded
            and attempt.purpose == QuizAttempt.Purpose.ATTITUDE_POST
            and _is_module_quiz(module, attempt, QuizAttempt.Purpose.ATTITUDE_POST)
            and not progress.attitude_post_at
        ):
            progress.attitude_post_at = attempt.graded_at
            changed.append("attitude_post_at")
        if changed:
            progress.save(update_fields=[*changed, "updated_at"])
        module_progress_update(user=user, module=module, progress=progress)
    return progress


def module_progress_update(*, user, module: ModulePage, progress: ModuleProgress | None = None):
    """Mark the module complete once its rule is met, then check the course."""
    with transaction.atomic(savepoint=False):  # nothing in it catches an error half-way
        progress = progress or _progress_locked(user=user, module=module)
        if progress.completed_at or not module_rule_met(module, progress):
            return progress
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
        course_progress_update(user=user, course=module.course)
    return progress


def course_progress_update(*, user, course: CoursePage) -> CourseCompletion | None:
    """Record the course complete, once per round, when every live module is; then announce it.

    A round ends with a completion. After a retake, modules count again only once completed
    after the previous completion.
    """
    module_ids = list(ModulePage.objects.live_in(course).values_list("pk", flat=True))
    if not module_ids:
        return None
    previous = CourseCompletion.objects.filter(user=user, course=course).order_by("-round").first()
    done = ModuleProgress.objects.filter(
        user=user, module_id__in=module_ids, completed_at__isnull=False
    )
    if previous is not None:
        done = done.filter(completed_at__gt=previous.completed_at)
    if done.count() < len(module_ids):
        return previous
    round_number = previous.round + 1 if previous else 1
    revisions = dict(
        ModulePage.objects.filter(pk__in=module_ids).values_list("pk", "live_revision_id")
    )
    try:
        with transaction.atomic():
            completion = CourseCompletion.objects.create(
                user=user,
                course=course,
                round=round_number,
                completed_at=timezone.now(),
                course_revision_id=course.live_revision_id,
                module_revision_ids={str(k): v for k, v in revisions.items()},
            )
    except IntegrityError:
        return CourseCompletion.objects.get(user=user, course=course, round=round_number)
    course_completed.send(sender=CourseCompletion, completion=completion)
    return completion


def course_retake(*, user, course: CoursePage) -> int:
    """Start a new round of a completed course (for renewal). Earlier completions, certificates
    and attempts are kept; the modules' progress starts again. Returns the modules reset."""
    if not CourseCompletion.objects.filter(user=user, course=course).exists():
        raise ProgressError(ERROR_RETAKE_NOT_COMPLETED)
    modules = list(ModulePage.objects.child_of(course).values_list("pk", flat=True))
    with transaction.atomic():
        # Last round's attempts: closed (an open one graded on what was saved), and neither
        # counted toward the new round's limit nor showing their answers again.
        quiz_services.attempts_end_round(user=user, context_ids=modules)
        return ModuleProgress.objects.filter(user=user, module_id__in=modules).update(
            film_segments=[],
            film_seconds_watched=0,
            film_last_heartbeat_at=None,
            film_opened_at=None,
            film_watched_at=None,
            transcript_confirmed_at=None,
            quiz_passed_at=None,
            reflection_at=None,
            attitude_post_at=None,
            completed_at=None,
            updated_at=timezone.now(),
        )


def checkpoint_answer(*, user, module: ModulePage, block_id: str, question_id, raw):
    """Keep a learner's answer to a film checkpoint (the latest answer wins) and score it.

    Returns the saved answer and the question's feedback; raises ProgressError for a question
    that is not a checkpoint of this film, and quizzes' ValidationError message for a bad answer.
    """
    block = module.film_block(block_id)
    try:
        question_id = int(question_id)
    except (TypeError, ValueError, OverflowError):
        raise ProgressError(ERROR_NOT_A_CHECKPOINT) from None
    if block is None or question_id not in {
        cp["question"].pk for cp in block.value["checkpoints"] if cp["question"] is not None
    }:
        raise ProgressError(ERROR_NOT_A_CHECKPOINT)
    question = Question.objects.get(pk=question_id)
    try:
        answer = question.clean_answer(raw)
    except ValidationError as error:
        raise ProgressError(error.messages[0]) from None
    points = min(max(question.score(answer), 0), question.max_points())
    with transaction.atomic():
        saved, _created = CheckpointAnswer.objects.update_or_create(
            user=user,
            module=module,
            block_id=block_id,
            question_id=question_id,
            defaults={
                "question_snapshot": question.to_snapshot(),
                "answer": answer,
                "points": points,
                "max_points": question.max_points(),
            },
        )
    return saved, question.feedback(answer)


FILMS_COLLECTION = "Films"


def _films_collection():
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=FILMS_COLLECTION).first()
    return existing or root.add_child(name=FILMS_COLLECTION)


def transcript_from_cues(cues) -> str:
    """A first draft of the transcript: the captions' words, a new paragraph at each pause."""
    from django.utils.html import escape

    paragraphs, current, last_end = [], [], None
    for cue in cues:
        if current and last_end is not None and cue.start - last_end > 0.5:
            paragraphs.append(" ".join(current))
            current = []
        current.append(cue.text)
        last_end = cue.end
    if current:
        paragraphs.append(" ".join(current))
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def film_save(*, film: Film, video=None, captions=None, descriptions=None) -> Film:
    """Keep a film and whichever of its files were uploaded: the video (its length read from the
    file), the captions (the transcript drafted from them when it is empty) and the audio
    description, each stored in the Films collection of the media and document libraries."""
    from wagtail.documents import get_document_model
    from wagtailmedia.models import get_media_model

    from . import media_files, webvtt

    with transaction.atomic():
        collection = _films_collection()
        if video is not None:
            seconds = media_files.mp4_seconds(video)
            media = get_media_model()(
                title=film.title, type="video", duration=seconds or 0, collection=collection
            )
            media.file.save(video.name, video, save=False)
            media.save()
            film.video = media
            if seconds:
                film.duration = seconds
        for name, upload, label in (
            ("captions", captions, "captions"),
            ("descriptions", descriptions, "audio description"),
        ):
            if upload is None:
                continue
            document = get_document_model()(title=f"{film.title}: {label}", collection=collection)
            document.file.save(upload.name, upload, save=False)
            document.save()
            setattr(film, name, document)
        if captions is not None and not strip_tags(film.transcript or "").strip():
            with film.captions.file.open("rb") as handle:
                cues = webvtt.parse(handle.read(webvtt.MAX_BYTES).decode("utf-8", "replace"))
            film.transcript = transcript_from_cues(cues)
        film.full_clean(exclude=["video", "captions"])
        film.save()
    return film
