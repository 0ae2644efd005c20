"""Hypothesis sends generated bodies to every form: never a 5xx, and no stray records."""

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.roles import LD_MANAGERS, roles_setup
from courses.models import ModulePage, ModuleReflection
from cpd.models import CpdEntry, ReflectiveAccount
from organisation.models import ManagerScope, StaffProfile
from tests import builders
from tracking.models import Assignment

pytestmark = pytest.mark.django_db

# Surrogates cannot be posted as UTF-8 (the test client, like a browser, could not encode them);
# NUL bytes, right-to-left marks, zero-width and combining characters can, and are drawn often.
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)
values = st.one_of(
    text,
    st.sampled_from(
        ["", "0", "-1", "2026-13-45", "=1+1", "9" * 30, "9" * 400, "nmc", "on", "\x00", "a\x00b"]
    ),
    st.sampled_from(["\u202eevil", "\u200b", "e\u0301" * 20, "\ufeff", "😀" * 10, "1e999", "NaN"]),
)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


def body(fields):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values))


@pytest.fixture
def world(client):
    roles_setup(content_root=builders.home_page())
    course = builders.make_course(modules=1)
    module = ModulePage.objects.get(pk=course["modules"][0].pk)
    module.body = [
        *module.body.raw_data,
        {"type": "reflection_prompt", "value": {"prompt": "Reflect."}},
    ]
    module.save_revision().publish()
    units = builders.trust_tree()
    manager = builders.make_user(is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["trust"])
    learner = builders.make_user()
    return {
        "client": client,
        "module": module,
        "course": course,
        "manager": manager,
        "learner": learner,
    }


def counts():
    return (
        User.objects.count(),
        CpdEntry.objects.count(),
        ReflectiveAccount.objects.count(),
        ModuleReflection.objects.count(),
        Assignment.objects.count(),
        StaffProfile.objects.count(),
    )


FORMS = {
    "/accounts/register/": (
        None,
        [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "registration_body",
            "registration_number",
            "password1",
            "password2",
        ],
    ),
    "/accounts/sign-in/": (None, ["username", "password"]),
    "/cpd/entries/add/": (
        "learner",
        [
            "date",
            "method",
            "topic",
            "relevance",
            "hours",
            "participatory_hours",
            "code_themes",
            "evidence",
        ],
    ),
    "/cpd/reflections/add/": (
        "learner",
        ["cpd_entry", "title", "what_learned", "how_changed", "code_relation", "code_themes"],
    ),
    "reflection": ("learner", ["text"]),
    "quiz_start": ("learner", ["quiz", "purpose"]),
    "quiz_submit": ("learner", ["attempt", "q1", "q2", "q1-0"]),
    "checkpoint": ("learner", ["block", "question", "q1"]),
    "/admin/compliance/assignments/": (
        "manager",
        [
            "course",
            "unit",
            "include_subunits",
            "role",
            "person",
            "due_within_days",
            "due_from",
            "due_date",
            "renewal_months",
        ],
    ),
}


@pytest.mark.parametrize("target", sorted(FORMS))
@SETTINGS
@given(data=st.data())
def test_forms_never_fail_and_keep_no_partial_records(world, target, data):
    role, fields = FORMS[target]
    client = world["client"]
    client.logout()
    if role:
        client.force_login(world[role])
    module = world["module"]
    url = {
        "reflection": f"/modules/{module.pk}/reflection/",
        "quiz_start": f"/modules/{module.pk}/quiz/start/",
        "quiz_submit": f"/modules/{module.pk}/quiz/submit/",
        "checkpoint": f"/modules/{module.pk}/film/checkpoint/",
    }.get(target, target)
    payload = data.draw(body(fields))
    before = counts()
    response = client.post(url, payload)
    assert response.status_code < 500, (url, payload)
    if response.status_code >= 400:
        assert counts() == before, (url, payload)
