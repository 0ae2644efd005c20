"""Module reflections are part of the CPD record: listed with their module, the start of a
reflective account on the NMC form, and in both exports."""

import csv
import io

import pdfplumber
import pytest
from django.urls import reverse

from courses import services as course_services
from cpd import selectors, services
from cpd.models import ReflectiveAccount

pytestmark = pytest.mark.django_db

FIRST = "The advocate helped Mr A say what he wanted at the ward round, not me speaking for him."
SECOND = "I now tell every newly detained patient about their right to an IMHA on the first day."


@pytest.fixture
def reflections(learner, course):
    one, two = course["modules"]
    for module in (one, two):
        prompt = {"type": "reflection_prompt", "value": {"prompt": "What will you do?"}}
        module.body = [*module.body.raw_data, prompt]
        module.save_revision().publish()
    return [
        course_services.reflection_save(user=learner, module=one, text=FIRST),
        course_services.reflection_save(user=learner, module=two, text=SECOND),
    ]


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_each_module_reflection_is_in_the_record_linked_to_its_module(
    learner_client, reflections, course
):
    html = learner_client.get(reverse("cpd:record")).content.decode()
    assert "You have written 2 reflections in Bridge modules" in html
    assert FIRST in html and SECOND in html
    for module in course["modules"]:
        assert f'href="{module.url}#reflection"' in html
    assert "You have 0 reflective accounts on the NMC form" in html


def test_the_module_page_points_to_the_record(learner_client, reflections, course):
    html = learner_client.get(course["modules"][0].url).content.decode()
    assert "See it in your CPD record" in html and "/cpd/#module-reflections" in html


def test_an_account_started_from_two_reflections_is_drafted_from_them_and_linked(
    learner_client, learner, reflections, course
):
    url = reverse("cpd:reflective_account_add")
    form = learner_client.get(url, {"reflection": [r.pk for r in reflections]})
    html = form.content.decode()
    assert form.status_code == 200
    assert "Module 1; Module 2" in html  # the title drafted from the modules
    assert FIRST in html and SECOND in html  # what was learnt, drafted from the reflections
    assert html.count('name="module_reflections"') == 2 and html.count("checked") == 2
    response = learner_client.post(
        url,
        {
            "title": "Working with advocates on the ward",
            "module_reflections": [r.pk for r in reflections],
            "what_learned": FIRST,
            "how_changed": "I tell patients on day one.",
            "code_relation": "Prioritise people.",
            "code_themes": ["prioritise_people"],
        },
    )
    assert response.status_code == 302
    account = ReflectiveAccount.objects.get(user=learner)
    assert set(account.module_reflections.all()) == set(reflections)
    record = learner_client.get(reverse("cpd:record")).content.decode()
    assert "You have 1 reflective account on the NMC form" in record
    assert "Drawn from:" in record


def test_someone_elses_reflection_cannot_be_drawn_on(
    client, learner, other_learner, reflections, course
):
    course_services.reflection_save(user=other_learner, module=course["modules"][0], text=SECOND)
    client.force_login(other_learner)
    url = reverse("cpd:reflective_account_add")
    html = client.get(url, {"reflection": [reflections[0].pk, "x"]}).content.decode()
    assert FIRST not in html
    response = client.post(
        url,
        {
            "title": "Forged",
            "module_reflections": [reflections[0].pk],
            "what_learned": "x",
            "how_changed": "x",
            "code_relation": "x",
            "code_themes": ["prioritise_people"],
        },
    )
    assert response.status_code == 400
    assert "from the list" in response.content.decode()
    linked = ReflectiveAccount.objects.filter(module_reflections=reflections[0])
    assert not linked.exists()


def test_the_exports_hold_the_module_reflections(learner_client, learner, reflections, course):
    rows = _csv(learner_client.get(reverse("cpd:export", args=["csv"]), {"confirm": "1"}))
    kept = [row for row in rows if row[0] == "Module reflection"]
    assert {row[3] for row in kept} == {"Module 1", "Module 2"}
    assert {row[4] for row in kept} == {FIRST, SECOND}
    assert all(row[8].startswith("http") for row in kept)
    response = learner_client.get(reverse("cpd:export", args=["pdf"]), {"confirm": "1"})
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")
    assert "Module reflections" in text
    assert "first day." in text and "not me speaking for him." in text


def test_the_record_reads_in_a_fixed_number_of_queries(learner, course, django_assert_num_queries):
    sources = [
        course_services.reflection_save(user=learner, module=module, text=FIRST)
        for module in course["modules"]
    ]
    for n in range(3):
        services.reflective_account_save(
            user=learner,
            data={
                "title": f"Account {n}",
                "what_learned": "x",
                "how_changed": "x",
                "code_relation": "x",
                "code_themes": ["prioritise_people"],
                "module_reflections": sources[: n % 2 + 1],
            },
        )
    with django_assert_num_queries(5):  # a sixth when the record holds certificates
        record = selectors.cpd_record(user=learner)
    assert len(record.reflections) == 2
    assert sorted(len(account.sources) for account in record.accounts) == [1, 1, 2]
    assert all(account.sources[0].module.title for account in record.accounts)


@pytest.mark.parametrize("forged", ["²", "9" * 30, "-1", "1e3"])
def test_a_forged_reflection_or_entry_id_is_ignored_not_a_500(learner_client, reflections, forged):
    url = reverse("cpd:reflective_account_add")
    response = learner_client.get(url, {"reflection": forged, "entry": forged})
    assert response.status_code == 200
