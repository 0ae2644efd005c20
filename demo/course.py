"""The demo course, its quizzes and film, and the demo accounts. Loading again changes nothing."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site
from wagtailmedia.models import get_media_model

from accounts.roles import LD_MANAGERS, TRAINERS, roles_setup
from accounts.services import user_ensure
from core.bootstrap import wagtail_roots_ensure
from courses.models import CourseIndexPage, CoursePage, Film, HomePage, ModulePage
from law.services import LEGAL_REVIEWERS, LIVED_REVIEWERS, review_workflow_ensure
from quizzes.models import (
    FillInBlanksQuestion,
    FreeTextQuestion,
    LikertQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    OrderingQuestion,
    Quiz,
    QuizQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

from . import content
from .clips import Clips
from .issuer import issuer_ensure
from .law import provisions_ensure

FILM_DIR = Path(__file__).resolve().parent / "film"
FILM_SECONDS = 101  # length of imha-intro.mp4, made by scripts/make_demo_film.sh

# Local demo accounts only: never deploy these.
DEMO_ACCOUNTS = [
    {
        "email": "learner@example.nhs.uk",
        "password": "bridge-learner-2026",
        "first_name": "Sam",
        "last_name": "Okafor",
        "job_title": "Staff nurse",
        "registration_body": "nmc",
        "registration_number": "12A3456E",
    },
    {
        "email": "trainer@example.nhs.uk",
        "password": "bridge-trainer-2026",
        "first_name": "Priya",
        "last_name": "Shah",
        "groups": (TRAINERS,),
    },
    {
        "email": "ld.manager@example.nhs.uk",
        "password": "bridge-ldmanager-2026",
        "first_name": "Chris",
        "last_name": "Morgan",
        "groups": (LD_MANAGERS,),
    },
    {
        "email": "legal.reviewer@example.nhs.uk",
        "password": "bridge-reviewer-2026",
        "first_name": "Ruth",
        "last_name": "Adeyemi",
        "groups": (LEGAL_REVIEWERS,),
    },
    {
        "email": "lived.reviewer@example.nhs.uk",
        "password": "bridge-reviewer-2026",
        "first_name": "Joe",
        "last_name": "Barnes",
        "groups": (LIVED_REVIEWERS,),
    },
    {
        "email": "admin@example.nhs.uk",
        "password": "bridge-admin-2026",
        "first_name": "Alex",
        "last_name": "Taylor",
        "is_superuser": True,
    },
]


def _chapters():
    chapters = json.loads((FILM_DIR / "chapters.json").read_text())
    ends = [c["start"] for c in chapters[1:]] + [None]
    return [{**chapter, "end": end} for chapter, end in zip(chapters, ends, strict=True)]


def _transcript_html() -> str:
    paragraphs = [
        p.strip() for p in (FILM_DIR / "transcript.txt").read_text().split("\n\n") if p.strip()
    ]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


class CourseLoader:
    """Loads the course 'Working with Independent Mental Health Advocates' and the demo accounts."""

    def __init__(self, *, stdout, style):
        self.stdout, self.style = stdout, style

    @transaction.atomic
    def load(self):
        home = self._site()
        roles_setup(content_root=home)
        review_workflow_ensure()  # the two sign-offs a course goes through after a law change
        issuer_ensure()
        for account in DEMO_ACCOUNTS:
            account = dict(account)
            _user, created = user_ensure(**account)
            if created:
                self.stdout.write(f"Created demo account {account['email']}")
        if CoursePage.objects.filter(slug=content.COURSE["slug"]).exists():
            self.stdout.write("Demo course already loaded: nothing to change.")
            return
        self._course(home)
        self.stdout.write(self.style.SUCCESS("Demo course loaded."))

    def _site(self) -> HomePage:
        root = wagtail_roots_ensure()
        home = HomePage.objects.first()
        if home:
            return home
        home = root.add_child(
            instance=HomePage(
                title="Bridge",
                slug="bridge",
                intro=(
                    "<p>Short CPD courses for staff in mental health services, built around films "
                    "made with people who use services. Learn how Independent Mental Health "
                    "Advocates help patients, and how to work with them.</p>"
                ),
            )
        )
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "Bridge"
            site.save()
        else:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name="Bridge"
            )
        if old_root and old_root.pk != home.pk and old_root.specific_class != HomePage:
            old_root.delete()
        return home

    def _film_assets(self):
        collection = Collection.get_first_root_node().add_child(name="Demo course")
        media_model = get_media_model()
        with open(FILM_DIR / "imha-intro.mp4", "rb") as handle:
            film = media_model(
                title="Working with IMHAs (placeholder film)",
                type="video",
                duration=FILM_SECONDS,
                width=640,
                height=360,
                collection=collection,
            )
            film.file.save("imha-intro.mp4", File(handle), save=False)
            film.save()
        document_model = get_document_model()
        with open(FILM_DIR / "imha-intro.vtt", "rb") as handle:
            captions = document_model(title="Working with IMHAs: captions", collection=collection)
            captions.file.save("imha-intro.vtt", File(handle), save=False)
            captions.save()
        with open(FILM_DIR / "imha-intro.descriptions.vtt", "rb") as handle:
            descriptions = document_model(
                title="Working with IMHAs: audio description", collection=collection
            )
            descriptions.file.save("imha-intro.descriptions.vtt", File(handle), save=False)
            descriptions.save()
        return film, captions, descriptions

    def _attitude_quiz(self) -> Quiz:
        quiz = Quiz.objects.create(
            title=content.ATTITUDE_QUIZ["title"],
            kind=Quiz.Kind.ATTITUDE,
            intro=content.ATTITUDE_QUIZ["intro"],
            pass_mark=0,
            review=Quiz.Review.ALWAYS,
        )
        for order, statement in enumerate(content.ATTITUDE_QUIZ["statements"]):
            question = LikertQuestion.objects.create(
                text=statement["text"],
                reverse_scored=statement["reverse"],
                subscale=statement["subscale"],
                myth_fact=statement["myth_fact"],
                points=0,
            )
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
        return quiz

    def _question(self, item: dict, common: dict):
        """Build and save one bank question of any type from the demo content's plain data."""
        kind = item["type"]
        common = {**common, "text": item["text"], "explanation": item.get("explanation", "")}
        if kind in ("single_choice", "multiple_response"):
            model = SingleChoiceQuestion if kind == "single_choice" else MultipleResponseQuestion
            question = model(
                **common,
                options=[
                    {
                        "type": "option",
                        "value": {
                            "text": o["text"],
                            "correct": o["correct"],
                            "feedback": o.get("feedback", ""),
                        },
                    }
                    for o in item["options"]
                ],
            )
        elif kind == "true_false":
            question = TrueFalseQuestion(
                **common,
                correct_answer=item["correct"],
                feedback_true=item.get("feedback_true", ""),
                feedback_false=item.get("feedback_false", ""),
            )
        elif kind == "fill_in_blanks":
            question = FillInBlanksQuestion(**common, passage=item["passage"])
        elif kind == "ordering":
            question = OrderingQuestion(
                **common, items=[{"type": "item", "value": text} for text in item["items"]]
            )
        elif kind == "matching":
            question = MatchingQuestion(
                **common,
                pairs=[
                    {"type": "pair", "value": {"prompt": prompt, "match": match}}
                    for prompt, match in item["pairs"]
                ],
            )
        elif kind == "free_text":
            question = FreeTextQuestion(
                **common, min_length=item.get("min_length", 50), max_length=2000, points=0
            )
        else:
            raise ValueError(f"Unknown question type {kind}")
        question.full_clean()
        question.save()
        question.tags.add("imha-demo")
        return question

    def _knowledge_quiz(
        self, data: dict, extra: list[dict], clip: dict | None, outcomes: list[str], practice: bool
    ) -> Quiz:
        quiz = Quiz.objects.create(
            title=data["title"],
            kind=Quiz.Kind.KNOWLEDGE,
            pass_mark=data["pass_mark"],
            behaviour=Quiz.Behaviour.PRACTICE if practice else Quiz.Behaviour.ASSESSED,
            shuffle_options=not practice,
            # CPD defaults: answers shown after a pass; three attempts a round, ten minutes apart;
            # each attempt draws from the pool, so a second try is not a copy of the first.
            review=Quiz.Review.ALWAYS if practice else Quiz.Review.AFTER_PASS,
            attempts_allowed=0 if practice else 3,
            attempt_wait_minutes=None if practice else 10,
        )
        for order, item in enumerate([*data["questions"], *extra]):
            # Each question's own stretch of the film, for "rewatch" and "review the film".
            own = self.clips.for_question(item, clip)
            common = {
                "learning_outcome": outcomes[order % len(outcomes)] if outcomes else "",
                "clip_start": own[0] if own else None,
                "clip_end": own[1] if own else None,
            }
            question = self._question(item, common)
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
        pool = quiz.quiz_questions.count()
        if not practice and pool > 4:
            quiz.draw_count = 4
            quiz.save(update_fields=["draw_count"])
        return quiz

    def _course(self, home: HomePage) -> CoursePage:
        index = CourseIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
            index.save_revision().publish()
        data = content.COURSE
        provisions = provisions_ensure()
        course = index.add_child(
            instance=CoursePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                intro=data["intro"],
                learning_outcomes=[
                    {"type": "outcome", "value": o} for o in data["learning_outcomes"]
                ],
                cpd_hours=Decimal(data["cpd_hours"]),
                code_themes=data["code_themes"],
                cpd_relevance=data["cpd_relevance"],
                law_as_at=datetime.date.fromisoformat(data["law_as_at"]),
                review_date=datetime.date.fromisoformat(data["review_date"]),
                renewal_months=data["renewal_months"],
                law_timeline=[
                    {"type": "change", "value": {"when": when, "what": what}}
                    for when, what in content.WHAT_CHANGES_WHEN
                ],
            )
        )
        course.save_revision().publish()

        film, captions, descriptions = self._film_assets()
        transcript = _transcript_html()
        library_film = Film.objects.create(
            title="Working with IMHAs (placeholder film)",
            video=film,
            captions=captions,
            descriptions=descriptions,
            transcript=transcript,
            duration=FILM_SECONDS,
        )
        chapters = _chapters()
        by_title = {c["title"]: c for c in chapters}
        self.clips = Clips(FILM_DIR / "imha-intro.vtt", after=chapters[1]["start"])
        attitude = self._attitude_quiz()
        checkpoints = [
            {"time": item["time"], "question": self._question(item, {}).pk}
            for item in content.FILM_CHECKPOINTS
        ]
        last = len(content.MODULES) - 1
        for number, module in enumerate(content.MODULES):
            clip = by_title.get(module.get("film_chapter_hint", ""))
            quiz = self._knowledge_quiz(
                module["quiz"],
                content.EXTRA_QUESTIONS.get(module["slug"], []),
                clip,
                module["learning_outcomes"],
                # Module 1's check is practice (feedback as you go); the rest are assessed.
                practice=number == 0,
            )
            body = [
                {
                    "type": "learning_outcomes",
                    "value": {
                        "heading": "By the end of this module you will be able to",
                        "outcomes": module["learning_outcomes"],
                    },
                }
            ]
            if number == 0:
                body.append(
                    {
                        "type": "quiz",
                        "value": {
                            "quiz": attitude.pk,
                            "purpose": "attitude_pre",
                            "heading": "Before you start: your views",
                        },
                    }
                )
            film_title = "Working with Independent Mental Health Advocates"
            if clip and number:
                film_title += (
                    f" (see {clip['start'] // 60:02d}:{clip['start'] % 60:02d}, {clip['title']})"
                )
            body.append(
                {
                    "type": "film",
                    "value": {
                        "film": library_film.pk,
                        "title": film_title,
                        "video": None,
                        "embed_url": "",
                        "captions": None,
                        "descriptions": None,
                        "transcript": "",
                        "duration": None,
                        "chapters": [{"start": c["start"], "title": c["title"]} for c in chapters],
                        "checkpoints": checkpoints if number == 0 else [],
                        "prevent_skipping": number == 0,
                    },
                }
            )
            body.append({"type": "text", "value": module["body"]})
            body.append(
                {
                    "type": "key_points",
                    "value": {"heading": "Key points", "points": module["key_points"]},
                }
            )
            body.append(
                {"type": "reflection_prompt", "value": {"prompt": module["reflection_prompt"]}}
            )
            body.append(
                {"type": "quiz", "value": {"quiz": quiz.pk, "purpose": "knowledge", "heading": ""}}
            )
            if number == last:
                body.append(
                    {
                        "type": "quiz",
                        "value": {
                            "quiz": attitude.pk,
                            "purpose": "attitude_post",
                            "heading": "After the course: your views now",
                        },
                    }
                )
            page = course.add_child(
                instance=ModulePage(
                    title=module["title"],
                    slug=module["slug"],
                    summary=module["summary"],
                    estimated_minutes=30,
                    body=body,
                    # The film is required once, in module 1; later modules show it for reference.
                    require_film=number == 0,
                )
            )
            page.provisions.set(
                provisions[citation]
                for citation in content.MODULE_PROVISIONS.get(module["slug"], [])
            )
            page.save_revision().publish()
        return course
