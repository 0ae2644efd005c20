"""Each body that once reached a 500, against the real endpoint: a 4xx with a message instead, and
no record written or changed. Run on SQLite and (in CI) on PostgreSQL, where NUL bytes used to fail.
"""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.models import CheckpointAnswer, ModulePage, ModuleProgress, ModuleReflection
from quizzes.models import QuizAttempt, Response
from tests import builders

pytestmark = pytest.mark.django_db

DEEP = "[" * 9_000 + "]" * 9_000  # 18 kB, under every endpoint's body cap


@pytest.fixture
def world(client):
    course = builders.make_course(modules=1)
    module = ModulePage.objects.get(pk=course["modules"][0].pk)
    module.body = [
        *module.body.raw_data,
        {"type": "reflection_prompt", "value": {"prompt": "What will you do differently?"}},
    ]
    module.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    learner = builders.make_user()
    client.force_login(learner)
    quiz = course["quizzes"][0]
    attempt = QuizAttempt.objects.create(
        user=learner,
        quiz=quiz,
        context_id=module.pk,
        snapshot=[
            link.question.get_real_instance().to_snapshot() for link in quiz.quiz_questions.all()
        ],
    )
    return {"client": client, "module": module, "attempt": attempt, "film": module.films()[0].id}


def rows():
    return (
        ModuleProgress.objects.count(),
        CheckpointAnswer.objects.count(),
        Response.objects.count(),
        ModuleReflection.objects.count(),
    )


def post_json(world, name, body: str):
    url = {
        "film_progress": reverse("courses:film_progress", args=[world["module"].pk]),
        "checkpoint": reverse("courses:checkpoint_answer", args=[world["module"].pk]),
        "answer": reverse("quizzes:answer_save", args=[world["attempt"].pk]),
    }[name]
    return world["client"].post(
        url, data=body.encode("utf-8", "surrogatepass"), content_type="application/json"
    )


def bodies(world):
    film, question = world["film"], world["attempt"].snapshot[0]["id"]
    return {
        "film_progress": lambda value: (
            f'{{"block": "{film}", "segments": {value}, "duration": 60}}'
        ),
        "checkpoint": lambda value: f'{{"block": "{film}", "question": 1, "answer": {value}}}',
        "answer": lambda value: f'{{"question": {question}, "answer": {value}}}',
    }


@pytest.mark.parametrize("endpoint", ["film_progress", "checkpoint", "answer"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (DEEP, "The data is nested too deeply."),
        ("[[0, " + "9" * 401 + "]]", "A number in the data is out of range."),
        ("[[0, 1e999]]", "A number in the data is out of range."),
        ("[[NaN, Infinity]]", "A number in the data is out of range."),
        ('["a\\u0000b"]', "The data contains a character that cannot be saved."),
        ('["\\ud800"]', "The data contains a character that cannot be saved."),
    ],
)
def test_json_endpoints_refuse_what_they_cannot_use(world, endpoint, value, message):
    before = rows()
    response = post_json(world, endpoint, bodies(world)[endpoint](value))
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert rows() == before


def test_a_reflection_with_a_nul_byte_is_a_form_error(world):
    response = world["client"].post(
        reverse("courses:reflection_save", args=[world["module"].pk]),
        {"text": "I will tell\x00 every patient about advocacy."},
    )
    assert response.status_code == 400
    assert "cannot be saved" in response.content.decode()
    assert not ModuleReflection.objects.exists()


def test_a_reflection_with_an_unpaired_surrogate_is_refused_by_the_service(world):
    # A browser cannot post one (the form is UTF-8), but a script calling the service could.
    learner = world["attempt"].user
    with pytest.raises(services.ProgressError, match="cannot be saved"):
        services.reflection_save(user=learner, module=world["module"], text="ok\ud800" * 5)
    assert not ModuleReflection.objects.exists()


@pytest.mark.parametrize("digits", ["9" * 30, "99999999999", str(2**31), str(2**63)])
def test_ids_out_of_any_database_range_are_a_404(world, digits):
    client = world["client"]
    block = world["film"]
    for url in (
        f"/certificates/completion/{digits}/",
        f"/modules/{digits}/films/{block}/captions.vtt",
        f"/quiz/attempts/{digits}/",
        f"/cpd/entries/{digits}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(f"/modules/{digits}/films/{block}/captions.vtt").status_code == 404
    client.force_login(builders.make_user(is_staff=True, is_superuser=True))
    for url in (
        f"/admin/compliance/people/{digits}/",
        f"/admin/pages/{digits}/edit/",
        f"/admin/quizzes/edit/{digits}/",
        f"/admin/questions/single-choice/edit/{digits}/",
        f"/admin/images/{digits}/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_huge_attempt_id_in_a_form_is_a_404_not_a_crash(world):
    response = world["client"].post(
        reverse("courses:quiz_submit", args=[world["module"].pk]), {"attempt": "9" * 30}
    )
    assert response.status_code == 404
    assert world["attempt"].status == QuizAttempt.Status.IN_PROGRESS


def test_an_answer_with_a_nul_byte_in_a_posted_form_is_refused(world):
    attempt = world["attempt"]
    question = attempt.snapshot[0]["id"]
    response = world["client"].post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        {"question": question, "answer": "a\x00"},
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_json_body_that_is_fine_still_works(world):
    response = post_json(world, "film_progress", bodies(world)["film_progress"]("[[0, 5]]"))
    assert response.status_code == 200
    assert json.loads(response.content)["percent"] >= 0


def id_urls() -> list[str]:
    """Each of Bridge's own URLs with an id in its path, as a template: '/modules/{}/edit/'."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from core.converters import IdConverter

    templates = []

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, route)
            elif isinstance(pattern, URLPattern):
                converters = pattern.pattern.converters
                if any(isinstance(c, IdConverter) for c in converters.values()):
                    template = route
                    for name, converter in converters.items():
                        kind = "id" if isinstance(converter, IdConverter) else "str"
                        value = "{}" if kind == "id" else "csv"
                        template = template.replace(f"<{kind}:{name}>", value)
                    templates.append("/" + template)

    walk(get_resolver())
    return templates


def test_every_id_url_is_covered_by_the_generated_ids():
    urls = id_urls()
    assert len(urls) >= 15
    assert all("{}" in url and "<" not in url for url in urls), urls


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    digits=st.one_of(
        st.integers(min_value=0, max_value=10**40).map(str),
        st.text(alphabet="0123456789", min_size=1, max_size=60),
    ),
    staff=st.booleans(),
)
def test_generated_ids_in_every_url_never_reach_a_500(client, digits, staff):
    client.force_login(builders.make_user(is_staff=staff, is_superuser=staff))
    for template in id_urls():
        url = template.replace("{}", digits)
        assert client.get(url).status_code < 500, url
        assert client.post(url).status_code < 500, url
