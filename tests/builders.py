"""Small builders for test data: real models, real page tree, real files."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Site
from wagtailmedia.models import get_media_model

from accounts.models import User
from courses.models import CourseIndexPage, CoursePage, HomePage, ModulePage
from quizzes.models import (
    LikertQuestion,
    Quiz,
    QuizQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

_seq = itertools.count(1)

VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:05.000\nHello and welcome.\n"
PASSWORD = "a-long-test-password-1"


def make_user(**fields) -> User:
    n = next(_seq)
    email = fields.pop("email", f"nurse{n}@nhs.net")
    user = User(
        username=email,
        email=email,
        first_name=fields.pop("first_name", "Test"),
        last_name=fields.pop("last_name", f"Nurse{n}"),
        **fields,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def single_choice(
    text="Who decides what the patient says?", marker="", **extra
) -> SingleChoiceQuestion:
    question = SingleChoiceQuestion(
        text=text,
        explanation=f"The patient decides. {marker}",
        options=[
            {
                "type": "option",
                "value": {"text": "The patient", "correct": True, "feedback": f"Yes. {marker}"},
            },
            {
                "type": "option",
                "value": {"text": "The advocate", "correct": False, "feedback": f"No. {marker}"},
            },
            {
                "type": "option",
                "value": {"text": "The consultant", "correct": False, "feedback": f"No. {marker}"},
            },
        ],
        **extra,
    )
    question.full_clean()
    question.save()
    return question


def true_false(
    text="An IMHA is part of the treating team.", correct=False, marker="", **extra
) -> TrueFalseQuestion:
    return TrueFalseQuestion.objects.create(
        text=text,
        correct_answer=correct,
        explanation=f"IMHAs are independent. {marker}",
        feedback_true=f"Not so. {marker}",
        feedback_false=f"Right. {marker}",
        **extra,
    )


def likert(
    text="Advocates help me understand my patient.", reverse=False, marker=""
) -> LikertQuestion:
    return LikertQuestion.objects.create(
        text=text,
        reverse_scored=reverse,
        subscale="value",
        myth_fact=f"Evidence. {marker}",
        points=0,
    )


def make_quiz(questions, *, kind=Quiz.Kind.KNOWLEDGE, pass_mark=50, title=None) -> Quiz:
    quiz = Quiz.objects.create(title=title or f"Quiz {next(_seq)}", kind=kind, pass_mark=pass_mark)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    return quiz


def film_assets():
    media = get_media_model()(title="Film", type="video", duration=100)
    media.file.save("film.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42fake"), save=False)
    media.save()
    document = get_document_model()(title="Captions")
    document.file.save("captions.vtt", ContentFile(VTT), save=False)
    document.save()
    return media, document


def home_page() -> HomePage:
    from core.bootstrap import wagtail_roots_ensure

    home = HomePage.objects.first()
    if home:
        return home
    root = wagtail_roots_ensure()
    home = root.add_child(instance=HomePage(title="Bridge", slug="bridge-home"))
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", is_default_site=True
    )
    site.root_page = home
    site.save()
    return home


def film_block(media, document, title="The film", checkpoints=(), prevent_skipping=False):
    return {
        "type": "film",
        "value": {
            "title": title,
            "video": media.pk,
            "embed_url": "",
            "captions": document.pk,
            "transcript": "<p>Hello and welcome. This is the transcript.</p>",
            "chapters": [{"start": 0, "title": "Start"}, {"start": 30, "title": "Middle"}],
            "checkpoints": [{"time": t, "question": q.pk} for t, q in checkpoints],
            "prevent_skipping": prevent_skipping,
            "duration": None,
        },
    }


def quiz_block(quiz, purpose="knowledge", heading=""):
    return {"type": "quiz", "value": {"quiz": quiz.pk, "purpose": purpose, "heading": heading}}


def make_course(
    *, modules=2, with_film=True, renewal_months=36, title="Working with IMHAs", marker=""
) -> dict:
    """A published course with modules; each module has a film (optional) and a knowledge check."""
    home = home_page()
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    n = next(_seq)
    course = index.add_child(
        instance=CoursePage(
            title=title,
            slug=f"course-{n}",
            summary="Learn to work with advocates.",
            learning_outcomes=[{"type": "outcome", "value": "Explain the IMHA role."}],
            cpd_hours=Decimal("2.5"),
            law_as_at=datetime.date(2026, 11, 1),
            review_date=datetime.date(2027, 5, 1),
            renewal_months=renewal_months,
        )
    )
    course.save_revision().publish()
    media, document = film_assets() if with_film else (None, None)
    pages, quizzes = [], []
    for i in range(modules):
        quiz = make_quiz([single_choice(marker=marker), true_false(marker=marker)], pass_mark=50)
        body = [{"type": "text", "value": f"<p>Module {i + 1} text.</p>"}]
        if with_film:
            body.append(film_block(media, document))
        body.append(quiz_block(quiz))
        page = course.add_child(
            instance=ModulePage(title=f"Module {i + 1}", slug=f"module-{i + 1}", body=body)
        )
        page.save_revision().publish()
        pages.append(page)
        quizzes.append(quiz)
    return {
        "course": course,
        "modules": pages,
        "quizzes": quizzes,
        "media": media,
        "captions": document,
    }


def correct_answers(quiz) -> dict[str, object]:
    """Form fields that answer every question in a quiz correctly (or validly, if unscored)."""
    return form_fields(
        {
            link.question.pk: right_raw(link.question.get_real_instance())
            for link in quiz.quiz_questions.all()
        }
    )


def form_fields(raw_by_question: dict) -> dict[str, object]:
    """Raw answers as the page's form posts them: q<id> lists, or q<id>-<part> per part."""
    fields = {}
    for question_id, raw in raw_by_question.items():
        if isinstance(raw, dict):
            fields.update({f"q{question_id}-{part}": value for part, value in raw.items()})
        else:
            fields[f"q{question_id}"] = raw
    return fields


# -- admin form data -------------------------------------------------------------------------------
def listblock(items):
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def course_form_data(course, **changes):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "intro": rich_text("<p>Intro</p>"),
        "learning_outcomes": streamfield([("outcome", o) for o in course.outcomes]),
        "cpd_hours": str(course.cpd_hours),
        "participatory_hours": str(course.participatory_hours),
        "code_themes": ["prioritise_people", "practise_effectively"],
        "cpd_relevance": "How I work with advocates on the ward.",
        "law_as_at": course.law_as_at.isoformat(),
        "review_date": course.review_date.isoformat(),
        "renewal_months": str(course.renewal_months or ""),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(changes)
    return nested_form_data(data)


def module_form_data(
    module, *, text="<p>Module text.</p>", film=None, quiz=None, checkpoints=(), **changes
):
    """Edit-form data for a module: a text block, then optionally a film and a knowledge check."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    blocks = [("text", rich_text(text))]
    if film is not None:
        media, captions, title = film
        blocks.append(
            (
                "film",
                {
                    "title": title,
                    "video": str(media.pk),
                    "embed_url": "",
                    "captions": str(captions.pk),
                    "transcript": rich_text("<p>Transcript words.</p>"),
                    "chapters": listblock([{"start": "0", "title": "Start"}]),
                    "checkpoints": listblock(checkpoints),
                    "prevent_skipping": "",
                    "duration": "",
                },
            )
        )
    if quiz is not None:
        blocks.append(("quiz", {"quiz": str(quiz.pk), "purpose": "knowledge", "heading": ""}))
    data = {
        "title": module.title,
        "slug": module.slug,
        "summary": module.summary,
        "estimated_minutes": str(module.estimated_minutes),
        "body": streamfield(blocks),
        "require_film": "on" if module.require_film else "",
        "film_watched_percent": str(module.film_watched_percent),
        "allow_transcript": "on" if module.allow_transcript else "",
        "require_quiz": "on" if module.require_quiz else "",
        "require_reflection": "on" if module.require_reflection else "",
        "require_attitude_post": "on" if module.require_attitude_post else "",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(changes)
    return nested_form_data(data)


def multiple_response(marker="", partial=True, **extra):
    from quizzes.models import MultipleResponseQuestion

    question = MultipleResponseQuestion(
        text="Which may an IMHA do?",
        explanation=f"All but one. {marker}",
        partial_credit=partial,
        options=[
            {
                "type": "option",
                "value": {
                    "text": "Meet the patient in private",
                    "correct": True,
                    "feedback": f"Yes. {marker}",
                },
            },
            {
                "type": "option",
                "value": {
                    "text": "Meet the professionals",
                    "correct": True,
                    "feedback": f"Yes. {marker}",
                },
            },
            {
                "type": "option",
                "value": {
                    "text": "Decide treatment",
                    "correct": False,
                    "feedback": f"No. {marker}",
                },
            },
        ],
        **extra,
    )
    question.full_clean()
    question.save()
    return question


def fill_in_blanks(marker="", case_sensitive=False, **extra):
    from quizzes.models import FillInBlanksQuestion

    return FillInBlanksQuestion.objects.create(
        text="Complete the sentences.",
        passage=(
            "An IMHA is *independent* of the team. "
            "Patients on a *CTO/community treatment order* qualify."
        ),
        case_sensitive=case_sensitive,
        explanation=f"Independence matters. {marker}",
        **extra,
    )


def ordering(marker="", partial=False, **extra):
    from quizzes.models import OrderingQuestion

    return OrderingQuestion.objects.create(
        text="Put the steps in order.",
        items=[
            {"type": "item", "value": v}
            for v in ("Tell the patient", "Give it in writing", "Repeat later")
        ],
        partial_credit=partial,
        explanation=f"Order matters. {marker}",
        **extra,
    )


def matching(marker="", partial=True, **extra):
    from quizzes.models import MatchingQuestion

    return MatchingQuestion.objects.create(
        text="Match each patient group to who must tell them.",
        pairs=[
            {"type": "pair", "value": {"prompt": "Detained patient", "match": "Hospital managers"}},
            {
                "type": "pair",
                "value": {"prompt": "Guardianship", "match": "Local social services authority"},
            },
            {
                "type": "pair",
                "value": {"prompt": "Conditionally discharged", "match": "Responsible clinician"},
            },
        ],
        partial_credit=partial,
        explanation=f"Who informs depends on the status. {marker}",
        **extra,
    )


def free_text(marker="", **extra):
    from quizzes.models import FreeTextQuestion

    return FreeTextQuestion.objects.create(
        text="What will you do differently?",
        min_length=20,
        max_length=500,
        explanation=f"A model answer. {marker}",
        **extra,
    )


def every_type(marker=""):
    """One question of every type, each carrying the marker in its answer and feedback fields."""
    return [
        single_choice(marker=marker),
        multiple_response(marker=marker),
        true_false(marker=marker),
        likert(marker=marker),
        fill_in_blanks(marker=marker),
        ordering(marker=marker),
        matching(marker=marker),
        free_text(marker=marker),
    ]


def right_raw(question):
    """A raw answer (as the page would post it) that gets full marks, or a valid one if unscored."""
    from quizzes.models import (
        FillInBlanksQuestion,
        FreeTextQuestion,
        LikertQuestion,
        MatchingQuestion,
        MultipleResponseQuestion,
        OrderingQuestion,
        SingleChoiceQuestion,
        TrueFalseQuestion,
    )

    if isinstance(question, SingleChoiceQuestion):
        return [next(c.id for c in question.options if c.value["correct"])]
    if isinstance(question, MultipleResponseQuestion):
        return [c.id for c in question.options if c.value["correct"]]
    if isinstance(question, TrueFalseQuestion):
        return ["true" if question.correct_answer else "false"]
    if isinstance(question, LikertQuestion):
        return ["4"]
    if isinstance(question, FillInBlanksQuestion):
        return {str(i): alts[0] for i, alts in enumerate(question.blanks())}
    if isinstance(question, OrderingQuestion):
        return {child.id: str(i + 1) for i, child in enumerate(question.items)}
    if isinstance(question, MatchingQuestion):
        return {child.id: question._key(child.id) for child in question.pairs}
    if isinstance(question, FreeTextQuestion):
        return ["I will tell every patient about advocacy, and tell them again."]
    raise TypeError(question)


# -- organisation and tracking ---------------------------------------------------------------------
def trust_tree():
    """A trust with two directorates and three teams: returns a dict of units by short name."""
    from organisation.models import OrgUnit

    trust = OrgUnit.add_root(name="Test Trust", kind="trust")
    adult = trust.add_child(name="Adult", kind="directorate")
    older = trust.add_child(name="Older", kind="directorate")
    return {
        "trust": trust,
        "adult": adult,
        "older": older,
        "aspen": adult.add_child(name="Aspen Ward", kind="team"),
        "birch": adult.add_child(name="Birch Ward", kind="team"),
        "maple": older.add_child(name="Maple Ward", kind="team"),
    }


def job_role(name="Staff Nurse", group="Registered Nursing"):
    from organisation.models import JobRole, StaffGroup

    staff_group, _created = StaffGroup.objects.get_or_create(name=group)
    return JobRole.objects.get_or_create(name=name, defaults={"staff_group": staff_group})[0]


def staff(unit, *, role=None, user=None, joined_days_ago=400, manager=None, **fields):
    import datetime

    from django.utils import timezone

    from organisation.models import StaffProfile

    n = next(_seq)
    email = fields.pop("email", user.email if user else f"staff{n}@nhs.net")
    return StaffProfile.objects.create(
        employee_number=fields.pop("employee_number", f"E{n:06d}"),
        first_name=fields.pop("first_name", "Staff"),
        last_name=fields.pop("last_name", f"Member{n}"),
        email=email,
        role=role or job_role(),
        unit=unit,
        joined_on=timezone.localdate() - datetime.timedelta(days=joined_days_ago),
        user=user,
        line_manager=manager,
        **fields,
    )
