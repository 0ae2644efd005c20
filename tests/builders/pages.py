"""The page tree: home, course index, courses with modules, films with captions; admin form data."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Site
from wagtailmedia.models import get_media_model

from courses.models import CourseIndexPage, CoursePage, HomePage, ModulePage

from ._shared import VTT, _seq
from .questions import make_quiz, single_choice, true_false


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
        "law_timeline": streamfield(
            [("change", {"when": "Not yet fixed", "what": "Opt-out referral to an IMHA."})]
        ),
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
