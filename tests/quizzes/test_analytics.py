"""Attitude change (learner and anonymised cohort) and item analysis, checked by hand."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import LD_MANAGERS, TRAINERS, roles_setup
from quizzes import analytics, services
from quizzes.models import Quiz
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def attitude_quiz():
    return builders.make_quiz(
        [
            builders.likert(text="Advocates help me."),
            builders.likert(text="An advocate is checking up on me.", reverse=True),
        ],
        kind=Quiz.Kind.ATTITUDE,
    )


def answer(user, quiz, purpose, values):
    attempt = services.attempt_start(user=user, quiz=quiz, purpose=purpose)
    ids = [item["id"] for item in attempt.snapshot]
    return services.attempt_submit(
        attempt=attempt, answers={qid: [str(v)] for qid, v in zip(ids, values, strict=True)}
    )


def test_learner_change_flips_reverse_scored_items(learner, attitude_quiz):
    assert analytics.attitude_change_for_learner(user=learner, quiz=attitude_quiz) is None
    answer(learner, attitude_quiz, "attitude_pre", [2, 5])  # agrees strongly with the worry
    answer(learner, attitude_quiz, "attitude_post", [4, 2])
    report = analytics.attitude_change_for_learner(user=learner, quiz=attitude_quiz)
    value, threat = report.statements
    assert (value.before, value.after, value.change) == (2, 4, 2)
    # Reverse scored: 5 (strongly agree with the worry) is 1 on the positive scale; 2 is 4.
    assert (threat.before, threat.after, threat.change) == (1, 4, 3)
    assert report.subscales[0].before == 1.5 and report.subscales[0].after == 4.0


def test_cohort_is_suppressed_below_five_learners(attitude_quiz):
    for _ in range(4):
        user = builders.make_user()
        answer(user, attitude_quiz, "attitude_pre", [2, 4])
        answer(user, attitude_quiz, "attitude_post", [4, 2])
    report = analytics.attitude_cohort(quiz=attitude_quiz)
    assert report.suppressed and report.n == 4 and report.statements == []


def test_cohort_means_shift_and_effect_size_match_a_hand_calculation(attitude_quiz):
    befores = [1, 2, 3, 2, 2]
    afters = [3, 3, 4, 4, 3]
    for before, after in zip(befores, afters, strict=True):
        user = builders.make_user()
        answer(user, attitude_quiz, "attitude_pre", [before, 3])
        answer(user, attitude_quiz, "attitude_post", [after, 3])
    # An extra learner with only a "before" is left out.
    answer(builders.make_user(), attitude_quiz, "attitude_pre", [5, 5])
    report = analytics.attitude_cohort(quiz=attitude_quiz)
    assert not report.suppressed and report.n == 5
    value = report.statements[0]
    assert (value.before, value.after, value.change) == (2.0, 3.4, 1.4)
    # diffs 2,1,1,2,1: mean 1.4, sample sd 0.5477 -> d = 2.56
    assert value.effect_size == 2.56
    assert report.statements[1].effect_size is None  # no change at all: d is undefined


def test_cohort_is_counted_in_the_database_in_two_queries_at_any_size(attitude_quiz):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quizzes.models import Response

    def queries():
        with CaptureQueriesContext(connection) as context:
            report = analytics.attitude_cohort(quiz=attitude_quiz, user_ids=users)
        return len(context.captured_queries), report

    users = []
    for before, after in [(1, 3), (2, 3), (3, 4), (2, 4), (2, 3)]:
        user = builders.make_user()
        users.append(user.pk)
        answer(user, attitude_quiz, "attitude_pre", [before, 3])
        answer(user, attitude_quiz, "attitude_post", [after, 3])
    small, report = queries()
    assert small == 2 and report.n == 5  # the grouped sums, then the statements' text
    for _ in range(10):
        user = builders.make_user()
        users.append(user.pk)
        answer(user, attitude_quiz, "attitude_pre", [2, 2])
        answer(user, attitude_quiz, "attitude_post", [2, 2])
    # A stored answer that is not a number is left out, never a failed cast.
    Response.objects.filter(attempt__user_id=users[-1], attempt__purpose="attitude_post").update(
        answer="agree"
    )
    large, report = queries()
    assert large == small
    assert report.n == 15 and report.statements[0].n == 14
    # Only the learners asked about count.
    assert analytics.attitude_cohort(quiz=attitude_quiz, user_ids=users[:5]).n == 5


def test_item_analysis_facility_discrimination_and_spread(learner):
    easy, hard = (
        builders.true_false(text="Easy", correct=False),
        builders.true_false(text="Hard", correct=True),
    )
    quiz = builders.make_quiz([easy, hard])
    patterns = [
        ("false", "true"),
        ("false", "true"),
        ("false", "false"),
        ("true", "false"),
        ("false", "true"),
    ]
    for first, second in patterns:
        user = builders.make_user()
        attempt = services.attempt_start(user=user, quiz=quiz)
        services.attempt_submit(attempt=attempt, answers={easy.pk: [first], hard.pk: [second]})
    rows = {row.text: row for row in analytics.item_analysis(quiz=quiz)}
    assert rows["Easy"].facility == 0.8 and rows["Hard"].facility == 0.6
    assert rows["Easy"].n == 5
    assert dict(rows["Hard"].spread) == {"True": 3, "False": 2}
    assert rows["Easy"].discrimination is not None


class TestReportViews:
    @pytest.fixture
    def trainer(self, client):
        roles_setup(content_root=builders.home_page())
        user = builders.make_user(is_staff=True)
        user.groups.add(Group.objects.get(name=TRAINERS))
        client.force_login(user)
        return user

    def test_item_analysis_page_and_csv(self, client, trainer):
        question = builders.true_false(text='=HYPERLINK("http://evil")')
        quiz = builders.make_quiz([question])
        for _ in range(3):
            attempt = services.attempt_start(user=builders.make_user(), quiz=quiz)
            services.attempt_submit(attempt=attempt, answers={question.pk: ["false"]})
        page = client.get(reverse("quizzes_admin:item_analysis", args=[quiz.pk]))
        assert page.status_code == 200
        assert "Facility" in page.content.decode()
        response = client.get(reverse("quizzes_admin:item_analysis_csv", args=[quiz.pk]))
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        )
        assert rows[0][:5] == ["question_id", "question", "type", "answers", "facility"]
        assert rows[1][1].startswith("'=")  # neutralised formula
        assert rows[1][3] == "3" and rows[1][4] == "1.0"

    def test_attitude_report_shows_no_names(self, client, trainer, attitude_quiz):
        people = [builders.make_user(first_name="Zebedee") for _ in range(5)]
        for user in people:
            answer(user, attitude_quiz, "attitude_pre", [2, 4])
            answer(user, attitude_quiz, "attitude_post", [4, 2])
        html = client.get(
            reverse("quizzes_admin:attitude", args=[attitude_quiz.pk])
        ).content.decode()
        assert "5 learners answered before and after" in html
        assert "Zebedee" not in html and people[0].email not in html

    def test_ld_managers_may_see_reports_and_learners_may_not(self, client, attitude_quiz):
        roles_setup(content_root=builders.home_page())
        manager = builders.make_user(is_staff=True)
        manager.groups.add(Group.objects.get(name=LD_MANAGERS))
        client.force_login(manager)
        assert (
            client.get(reverse("quizzes_admin:attitude", args=[attitude_quiz.pk])).status_code
            == 200
        )
        client.force_login(builders.make_user())
        response = client.get(reverse("quizzes_admin:attitude", args=[attitude_quiz.pk]))
        assert response.status_code in (302, 403)
        assert client.get(
            reverse("quizzes_admin:item_analysis_csv", args=[attitude_quiz.pk])
        ).status_code in (
            302,
            404,
        )


def test_learner_sees_own_change_page(client, learner, attitude_quiz):
    client.force_login(learner)
    empty = client.get(reverse("quizzes:attitude_change", args=[attitude_quiz.pk])).content.decode()
    assert "Answer the questionnaire both before and after" in empty
    answer(learner, attitude_quiz, "attitude_pre", [2, 5])
    answer(learner, attitude_quiz, "attitude_post", [4, 2])
    html = client.get(reverse("quizzes:attitude_change", args=[attitude_quiz.pk])).content.decode()
    assert "How your views changed" in html and "More open" in html
    assert "Evidence." in html  # the myth-and-fact text
