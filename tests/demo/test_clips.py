"""Each demo question names its own clip of the film, not one range shared by its module."""

from io import StringIO

import pytest
from django.core.management import call_command

from courses import webvtt
from demo.clips import Clips
from demo.course import FILM_DIR, FILM_SECONDS
from quizzes.models import Quiz

pytestmark = pytest.mark.django_db


def test_a_question_is_matched_to_the_captions_that_speak_to_it():
    clips = Clips(FILM_DIR / "imha-intro.vtt", after=7)
    start, end = clips.for_question({"text": "Who must make sure the patient is told?"}, None)
    duty = {"text": "Hospital managers must tell the patient, orally and in writing."}
    d_start, d_end = clips.for_question(duty, None)
    spoken = " ".join(
        cue.text
        for cue in webvtt.parse((FILM_DIR / "imha-intro.vtt").read_text())
        if d_start <= cue.start < d_end
    ).lower()
    assert "writing" in spoken or "managers" in spoken
    assert 7 <= start < end <= FILM_SECONDS
    assert clips.for_question({"text": "x", "clip": [30, 40]}, None) == (30, 40)


def test_the_loaded_demo_gives_each_question_its_own_clip():
    call_command("load_demo", "--course-only", stdout=StringIO())
    quizzes = Quiz.objects.filter(kind=Quiz.Kind.KNOWLEDGE)
    assert quizzes.count() == 5
    all_clips = set()
    for quiz in quizzes:
        questions = [link.question for link in quiz.quiz_questions.select_related("question")]
        clips = {(q.clip_start, q.clip_end) for q in questions}
        assert len(clips) >= 2, f"{quiz.title}: every question offers the same clip"
        for start, end in clips:
            assert start is not None and 0 <= start < end <= FILM_SECONDS + 1
        all_clips |= clips
    assert len(all_clips) >= 8
