"""The embedded SQLite default serves a small team: 10 learners answer and submit at the same moment
against a live server (real threads, real connections, WAL and IMMEDIATE transactions), with no 5xx
and nothing lost."""

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from courses.models import ModuleProgress
from quizzes.models import QuizAttempt, Response
from tests import builders

LEARNERS = 10

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the SQLite settings under test (PostgreSQL has its own concurrency tests)",
    ),
]


class Browser:
    """One learner's cookies and CSRF token, kept as a browser keeps them."""

    def __init__(self, base: str, session_cookie: str):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session_cookie}
        self.csrf = ""

    def request(self, path: str, *, data: bytes | None = None, headers=None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("Referer", self.base + "/")
        if self.csrf:
            request.add_header("X-CSRFToken", self.csrf)
        try:
            response = urllib.request.urlopen(request, timeout=60)  # noqa: S310 - the live server, http only
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        status, html = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if match:
            self.csrf = match.group(1)
        return status, html

    def post_form(self, path: str, fields: dict) -> int:
        pairs = []
        for key, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, item))
        body = urllib.parse.urlencode(pairs).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(path, data=body, headers=headers)[0]

    def post_json(self, path: str, payload: dict) -> int:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        return self.request(path, data=json.dumps(payload).encode(), headers=headers)[0]


def session_for(user) -> str:
    client = Client()  # one each: signing a second user in on one client ends the first's session
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_ten_learners_answer_and_submit_at_once(live_server):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    course = builders.make_course(modules=1)
    module, quiz = course["modules"][0], course["quizzes"][0]
    questions = [link.question.get_real_instance() for link in quiz.quiz_questions.all()]
    learners = [builders.make_user() for _ in range(LEARNERS)]
    browsers = [Browser(live_server.url, session_for(user)) for user in learners]
    statuses: list[int] = []
    failures: list[str] = []
    start_together = threading.Barrier(LEARNERS)

    def journey(browser: Browser, user):
        try:
            status, _html = browser.get(module.url)
            statuses.append(status)
            start_together.wait(timeout=60)
            statuses.append(
                browser.post_form(
                    f"/modules/{module.pk}/quiz/start/", {"quiz": quiz.pk, "purpose": "knowledge"}
                )
            )
            attempt = QuizAttempt.objects.get(user=user, quiz=quiz)
            raw = {question.pk: builders.right_raw(question) for question in questions}
            for question_id, value in raw.items():
                statuses.append(
                    browser.post_json(
                        f"/quiz/attempts/{attempt.pk}/answer/",
                        {"question": question_id, "answer": value},
                    )
                )
            fields = {"attempt": attempt.pk, **builders.form_fields(raw)}
            statuses.append(browser.post_form(f"/modules/{module.pk}/quiz/submit/", fields))
            # A second click on "Submit" (or a retry) changes nothing.
            statuses.append(browser.post_form(f"/modules/{module.pk}/quiz/submit/", fields))
        except Exception as error:  # noqa: BLE001 - reported below, with the learner
            failures.append(f"{user.email}: {error!r}")

    threads = [
        threading.Thread(target=journey, args=(browser, user))
        for browser, user in zip(browsers, learners, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, (failures, statuses)
    assert len(statuses) == LEARNERS * (4 + len(questions))
    assert all(status < 500 for status in statuses), sorted(statuses)
    assert set(statuses) <= {200, 302}, sorted(statuses)
    # Nothing lost: every answer of every learner kept, every attempt graded once, every pass noted.
    assert Response.objects.count() == LEARNERS * len(questions)
    attempts = QuizAttempt.objects.filter(quiz=quiz)
    assert attempts.count() == LEARNERS
    assert all(a.status == QuizAttempt.Status.GRADED and a.passed for a in attempts)
    passed = ModuleProgress.objects.filter(module=module, quiz_passed_at__isnull=False)
    assert passed.count() == LEARNERS
