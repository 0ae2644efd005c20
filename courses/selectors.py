"""Reads for learner pages: each in a fixed number of queries, whatever the course size."""

from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import published, sql
from quizzes import selectors as quiz_selectors
from quizzes.models import Quiz, QuizAttempt, QuizQuestion, moment_label

from . import webvtt
from .film_ranges import film_parts
from .models import (
    CheckpointAnswer,
    CourseCompletion,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    ModuleReflection,
)
from .rules import module_requirements


@dataclasses.dataclass
class CourseCard:
    course: CoursePage
    modules_total: int
    modules_done: int
    enrolled: bool
    completion: CourseCompletion | None

    @property
    def percent(self) -> int:
        return self.modules_done * 100 // self.modules_total if self.modules_total else 0

    @property
    def status(self) -> str:
        if self.completion:
            return "completed"
        if self.enrolled or self.modules_done:
            return "in_progress"
        return "not_started"


# A status as an NHS.UK tag: (colour modifier, label); outline_tags.status_tag shows it.
STATUS_TAGS = {
    "completed": ("nhsuk-tag--green", _("Completed")),
    "in_progress": ("nhsuk-tag--blue", _("In progress")),
    "not_started": ("nhsuk-tag--grey", _("Not started")),
}


@dataclasses.dataclass(frozen=True)
class ModuleLink:
    """A module as an outline lists it: no page object, no body."""

    pk: int
    title: str
    summary: str
    url: str


@dataclasses.dataclass
class ModuleRow:
    module: ModuleLink
    status: str = "not_started"  # a key of STATUS_TAGS


@dataclasses.dataclass
class CourseOutline:
    rows: list[ModuleRow]
    completion: CourseCompletion | None
    history: list[CourseCompletion] = dataclasses.field(default_factory=list)
    enrolment: Enrolment | None = None
    progress: ModuleProgress | None = None  # the whole row, on the module the outline was read for

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.status == "completed")

    @property
    def percent(self) -> int:
        return self.done * 100 // len(self.rows) if self.rows else 0

    @property
    def next_row(self) -> ModuleRow | None:
        """Where the learner's button leads: the first module not yet completed."""
        return next((row for row in self.rows if row.status != "completed"), None)

    @property
    def started(self) -> bool:
        return any(row.status != "not_started" for row in self.rows)


def courses_live(*, parent=None):
    queryset = CoursePage.objects.live().public().order_by("path")
    if parent is not None:
        queryset = queryset.child_of(parent)
    return queryset


def courses_published(*, parent=None, request=None) -> list[CoursePage]:
    """The live, public courses (under ``parent``), remembered until the next publish: no query
    once read. Shared between requests: read-only."""
    return published.remember(
        ("courses", parent.pk if parent is not None else None),
        lambda: list(courses_live(parent=parent)),
        request=request,
    )


def my_training(*, user) -> list[CourseCard]:
    """Every live course with this learner's progress: four queries in all."""
    courses = courses_published()
    modules = list(ModulePage.objects.live().values_list("pk", "path", "depth"))
    done = set(
        ModuleProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "module_id", flat=True
        )
    )
    enrolled = set(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))
    completions = {
        c.course_id: c for c in CourseCompletion.objects.filter(user=user).order_by("completed_at")
    }
    cards = []
    for course in courses:
        mine = [
            pk
            for pk, path, depth in modules
            if path.startswith(course.path) and depth == course.depth + 1
        ]
        cards.append(
            CourseCard(
                course=course,
                modules_total=len(mine),
                modules_done=sum(1 for pk in mine if pk in done),
                enrolled=course.pk in enrolled,
                completion=completions.get(course.pk),
            )
        )
    return cards


def course_outline(
    *, course: CoursePage, user, with_history: bool = True, module: ModulePage | None = None
) -> CourseOutline:
    """The course's live modules with this learner's enrolment and status on each (and their
    full progress on ``module``, and unless ``with_history`` is off their completions): one query,
    two with the history. Modules come as remembered titles and links (``ModuleLink``), never as
    page objects with their bodies, so a long course costs little more than a short one."""
    modules = module_links(course)
    state, history = LearnerState(), []
    if user.is_authenticated:
        state = learner_state(user=user, course=course, module=module)
        if with_history:
            history = list(
                CourseCompletion.objects.filter(user=user, course=course).order_by("-round")
            )
    return CourseOutline(
        rows=[ModuleRow(m, state.statuses.get(m.pk, "not_started")) for m in modules],
        completion=history[0] if history else None,
        history=history,
        enrolment=state.enrolment,
        progress=state.progress,
    )


@dataclasses.dataclass
class LearnerState:
    enrolment: Enrolment | None = None
    statuses: dict[int, str] = dataclasses.field(default_factory=dict)  # module id: status
    progress: ModuleProgress | None = None  # the whole row, on the module asked about


# What a row of the learner-state query is: the first column says.
_FULL, _STARTED, _COMPLETED, _ENROLMENT = 0, 1, 2, 3


def learner_state(*, user, course: CoursePage, module: ModulePage | None = None) -> LearnerState:
    """The learner's enrolment on the course, their status on each of its modules, and their whole
    progress row on ``module``, in one query of three parts joined by UNION ALL: that module's
    row, every other module's status (its other columns empty, so a long course adds no model
    objects), and the enrolment as a row of the same shape. Written as SQL: built by the ORM this
    query cost more to compile than to run."""
    module_id = module.pk if module is not None and module.pk is not None else 0
    params = [user.pk, module_id, user.pk, course.path + "%", course.depth + 1, module_id]
    with connection.cursor() as cursor:
        cursor.execute(_learner_state_sql(), [*params, user.pk, course.pk])
        rows = cursor.fetchall()
    state = LearnerState()
    kinds, whole = [], []
    for kind, *columns in rows:
        if kind == _STARTED:
            state.statuses[columns[_MODULE_AT]] = "in_progress"
        elif kind == _COMPLETED:
            state.statuses[columns[_MODULE_AT]] = "completed"
        else:
            kinds.append(kind)
            whole.append(columns)
    records = sql.instances(ModuleProgress, whole, connection.alias)
    for kind, record in zip(kinds, records, strict=True):
        if kind == _ENROLMENT:
            state.enrolment = Enrolment(
                id=record.id, user_id=user.pk, course_id=course.pk, enrolled_at=record.updated_at
            )
            state.enrolment._state.adding, state.enrolment._state.db = False, connection.alias
        else:
            state.progress = record
            state.statuses[record.module_id] = "completed" if record.completed_at else "in_progress"
    return state


_MODULE_AT = [f.attname for f in ModuleProgress._meta.concrete_fields].index("module_id")


@functools.cache
def _learner_state_sql() -> str:
    from wagtail.models import Page

    empty = {field.attname: "NULL" for field in ModuleProgress._meta.concrete_fields}
    status_only = empty | {"id": "p.id", "user_id": "p.user_id", "module_id": "p.module_id"}
    enrolment = empty | {"id": "e.id", "user_id": "e.user_id", "updated_at": "e.enrolled_at"}
    progress, pages = sql.table(ModuleProgress), sql.table(Page)
    # Only table and column names from the models, and placeholders, are put into the text.
    return (
        f"SELECT {_FULL}, {sql.columns(ModuleProgress, 'p')} FROM {progress} p "  # noqa: S608
        f"WHERE p.user_id = %s AND p.module_id = %s "
        f"UNION ALL "
        f"SELECT CASE WHEN p.completed_at IS NULL THEN {_STARTED} ELSE {_COMPLETED} END, "
        f"{sql.columns(ModuleProgress, 'p', status_only)} FROM {progress} p "
        f"WHERE p.user_id = %s AND p.module_id IN ("
        f"SELECT w.id FROM {pages} w WHERE w.path LIKE %s AND w.depth = %s) "
        f"AND p.module_id <> %s "
        f"UNION ALL "
        f"SELECT {_ENROLMENT}, {sql.columns(ModuleProgress, 'e', enrolment)} "
        f"FROM {sql.table(Enrolment)} e WHERE e.user_id = %s AND e.course_id = %s"
    )


def module_links(course: CoursePage) -> list[ModuleLink]:
    """The course's live modules as links, remembered until the next publish (core.published)."""

    def read():
        base = course.url or ""  # a module is a child of its course: the course's address + slug
        return [
            ModuleLink(pk=pk, title=title, summary=summary, url=f"{base}{slug}/")
            for pk, title, summary, slug in ModulePage.objects.live_in(course).values_list(
                "pk", "title", "summary", "slug"
            )
        ]

    return published.remember(("module_links", course.pk, course.live_revision_id), read)


def course_law(course: CoursePage, request=None):
    """The provisions the course teaches and any review it is due after a change in the law
    (``law.selectors.course_law``), remembered until the register or a page changes."""
    from law import selectors as law_selectors

    return published.remember(
        ("course_law", course.pk, course.live_revision_id),
        lambda: law_selectors.course_law(course),
        request=request,
    )


def question_counts(quiz_ids) -> dict[int, int]:
    """How many questions each quiz has, remembered until a quiz or page changes."""

    def read():
        counts = {}
        for quiz_id in QuizQuestion.objects.filter(quiz_id__in=quiz_ids).values_list(
            "quiz_id", flat=True
        ):
            counts[quiz_id] = counts.get(quiz_id, 0) + 1
        return counts

    return published.remember(("question_counts", tuple(sorted(quiz_ids))), read)


@dataclasses.dataclass
class QuizState:
    block_id: str
    quiz: Quiz
    purpose: str
    heading: str
    question_count: int
    open_attempt: QuizAttempt | None
    last_graded: QuizAttempt | None
    questions: list
    attempts_used: int = 0
    next_attempt_at: object = None  # a datetime while the learner must wait to try again

    @property
    def attempts_left(self) -> int | None:
        """None when attempts are unlimited."""
        if not self.quiz.attempts_allowed:
            return None
        return max(self.quiz.attempts_allowed - self.attempts_used, 0)

    @property
    def passed(self) -> bool:
        return bool(self.last_graded and self.last_graded.passed)

    @property
    def wait_until(self) -> str:
        """When the learner may try again ("14:35", or "14:35 on 3 December"), while they must
        wait after a failed attempt; "" when they need not."""
        if self.next_attempt_at and self.next_attempt_at > timezone.now():
            return moment_label(self.next_attempt_at)
        return ""


@dataclasses.dataclass
class CheckpointState:
    block_id: str
    time: int
    view: object  # a quizzes QuestionView
    answered: bool
    feedback: object = None

    @property
    def anchor(self) -> str:
        return f"checkpoint-{self.block_id}-{self.view.question.pk}"


@dataclasses.dataclass
class ModuleState:
    module: ModulePage
    course: CoursePage
    progress: ModuleProgress | None
    outline: CourseOutline
    quizzes: dict[str, QuizState]
    checkpoints: dict[str, list[CheckpointState]] = dataclasses.field(default_factory=dict)
    reflection: ModuleReflection | None = None
    descriptions: dict[str, list] = dataclasses.field(default_factory=dict)

    @property
    def requirements(self) -> list[tuple[str, bool]]:
        return module_requirements(self.module, self.progress)

    @property
    def position(self) -> int:
        return next(
            (i for i, row in enumerate(self.outline.rows, 1) if row.module.pk == self.module.pk), 0
        )

    @property
    def next_module(self):
        rows = self.outline.rows
        index = self.position
        return rows[index].module if 0 < index < len(rows) else None

    @property
    def completed(self) -> bool:
        return bool(self.progress and self.progress.completed_at)


def module_state(*, module: ModulePage, user) -> ModuleState:
    """Everything the module page shows about this learner, in a fixed number of queries."""
    course = module.course
    # The page shows no completion history; it shows this module's whole progress.
    outline = course_outline(course=course, user=user, with_history=False, module=module)
    progress = outline.progress
    blocks = [b for b in module.quiz_blocks() if b.value["quiz"] is not None]
    quiz_ids = {b.value["quiz"].pk for b in blocks}
    counts = question_counts(quiz_ids)
    attempts = quiz_selectors.current_attempts(user=user, quiz_ids=quiz_ids)
    states = {}
    for block in blocks:
        quiz, purpose = block.value["quiz"], block.value["purpose"]
        mine = [a for a in attempts if a.quiz_id == quiz.pk and a.purpose == purpose]
        open_attempt = next((a for a in mine if a.is_open), None)
        graded = next((a for a in mine if a.status == QuizAttempt.Status.GRADED), None)
        states[block.id] = QuizState(
            block_id=block.id,
            quiz=quiz,
            purpose=purpose,
            heading=block.value["heading"] or quiz.title,
            question_count=counts.get(quiz.pk, 0),
            open_attempt=open_attempt,
            last_graded=graded,
            questions=quiz_selectors.question_views(open_attempt, with_feedback=False)
            if open_attempt
            else [],
            attempts_used=mine[0].used if mine else 0,
            next_attempt_at=quiz.next_attempt_at(graded),
        )
    return ModuleState(
        module=module,
        course=course,
        progress=progress,
        outline=outline,
        quizzes=states,
        checkpoints=_checkpoints(module, user),
        reflection=ModuleReflection.objects.filter(user=user, module=module).first()
        if module.pk is not None
        and any(block.block_type == "reflection_prompt" for block in module.body)
        else None,
        descriptions=film_descriptions(module),
    )


def film_descriptions(module: ModulePage) -> dict[str, list]:
    """Each film's audio-description cues, for the transcript (read once per file version)."""
    described = {film.id: film_parts(film.value)["descriptions"] for film in module.films()}
    return {key: webvtt.document_cues(doc) for key, doc in described.items() if doc}


def _checkpoints(module: ModulePage, user) -> dict[str, list[CheckpointState]]:
    """Each film's checkpoints in time order, with the learner's saved answers (one query)."""
    films = [film for film in module.films() if film.value["checkpoints"]]
    if not films:
        return {}
    answers = (
        {
            (a.block_id, a.question_id): a
            for a in CheckpointAnswer.objects.filter(user=user, module=module)
        }
        if module.pk is not None  # a new module's preview, before its first save: none yet
        else {}
    )
    result = {}
    for film in films:
        states = []
        checkpoints = [cp for cp in film.value["checkpoints"] if cp["question"] is not None]
        for number, checkpoint in enumerate(sorted(checkpoints, key=lambda c: c["time"]), 1):
            question = checkpoint["question"]
            saved = answers.get((film.id, question.pk))
            view = quiz_selectors.QuestionView(number=number, question=question)
            feedback = None
            if saved is not None:
                view.answer = saved.answer
                feedback = question.feedback(saved.answer)
            states.append(
                CheckpointState(
                    block_id=film.id,
                    time=checkpoint["time"],
                    view=view,
                    answered=saved is not None,
                    feedback=feedback,
                )
            )
        result[film.id] = states
    return result


@dataclasses.dataclass
class CourseResult:
    """A learner's result on a course, as an LMS records it (SCORM, LTI): completion, pass, a score
    and progress."""

    completed: bool
    passed: bool
    score: Decimal | None  # 0 to 1: the knowledge checks' points over their maximum
    progress: Decimal  # 0 to 1: the course's modules completed
    completed_at: str | None

    def as_json(self) -> dict:
        return {
            "linked": True,
            "completed": self.completed,
            "passed": self.passed,
            "score": float(self.score) if self.score is not None else None,
            "progress": float(self.progress),
            "completed_at": self.completed_at,
        }


def course_result(*, user, course: CoursePage, module: ModulePage | None = None) -> CourseResult:
    """Three reads: the learner's state on the course, their latest completion (of the course,
    or of the one module asked for), and the latest graded knowledge check of each module."""
    links = module_links(course)
    if module is not None:
        links = [link for link in links if link.pk == module.pk]
    state = learner_state(user=user, course=course)
    done = sum(1 for link in links if state.statuses.get(link.pk) == "completed")
    if module is None:
        completions = CourseCompletion.objects.filter(user=user, course=course)
    else:
        completions = ModuleProgress.objects.filter(
            user=user, module=module, completed_at__isnull=False
        )
    completion = (
        completions.order_by("-completed_at").values_list("completed_at", flat=True).first()
    )
    latest = {}
    attempts = QuizAttempt.objects.filter(
        user=user,
        purpose=QuizAttempt.Purpose.KNOWLEDGE,
        status=QuizAttempt.Status.GRADED,
        earlier_round=False,
        context_id__in=[link.pk for link in links],
    ).order_by("context_id", "-graded_at", "-pk")
    for context_id, points, max_points in attempts.values_list(
        "context_id", "points", "max_points"
    ):
        latest.setdefault(context_id, (points or 0, max_points or 0))
    got = sum(points for points, _ in latest.values())
    out_of = sum(max_points for _, max_points in latest.values())
    completed = completion is not None
    return CourseResult(
        completed=completed,
        passed=completed,  # a course is completed only with every knowledge check passed
        score=(Decimal(got) / Decimal(out_of)).quantize(Decimal("0.0001")) if out_of else None,
        progress=(Decimal(done) / Decimal(len(links))).quantize(Decimal("0.0001"))
        if links
        else Decimal(0),
        completed_at=completion.isoformat() if completion else None,
    )
