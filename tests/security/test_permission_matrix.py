"""Every URL Bridge defines, for every role, against the learner's own objects and other people's.

The test fails when a URL is added without a line in MATRIX (or in THIRD_PARTY, with a reason).
"""

import json
import secrets

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts.roles import LD_MANAGERS, TRAINERS, roles_setup
from certificates import services as certificate_services
from courses.models import CourseCompletion, ModulePage
from cpd.models import CpdEntry, ReflectiveAccount
from followups import services as followup_services
from followups.models import FollowUp
from law.models import LawNotice, Provision, ProvisionChange
from organisation import services as organisation_services
from organisation.models import ManagerScope
from quizzes import services as quiz_services
from quizzes.models import Quiz
from scorm import services as scorm_services
from teamsessions import services as session_services
from teamsessions.models import TeamSession
from tests import builders
from tracking import services as tracking_services

from .url_matrix import MATRIX, OWN_NAMESPACES, ROLES, THIRD_PARTY, WAGTAIL_ADMIN_PREFIXES

pytestmark = pytest.mark.django_db


def our_url_names() -> set[str]:
    names = set()

    def walk(resolver, namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespace in OWN_NAMESPACES:
                    names.add(f"{namespace}:{pattern.name}")
                elif namespace is None and not pattern.name.startswith(WAGTAIL_ADMIN_PREFIXES):
                    names.add(pattern.name)

    walk(get_resolver())
    return names


def test_every_url_is_in_the_matrix():
    names = our_url_names()
    missing = {n for n in names if n not in MATRIX and n not in THIRD_PARTY}
    assert not missing, f"Add these URLs to the permission matrix: {sorted(missing)}"


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    course = builders.make_course(modules=1)
    module = ModulePage.objects.get(pk=course["modules"][0].pk)
    body = module.body.raw_data
    for block in body:
        if block["type"] == "film":  # the film carries an audio description too
            block["value"]["descriptions"] = course["captions"].pk
    module.body = [*body, {"type": "reflection_prompt", "value": {"prompt": "Reflect."}}]
    module.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    users = {role: builders.make_user(first_name=role) for role in ROLES if role != "anonymous"}
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    users["learner"].registration_body, users["learner"].registration_number = "nmc", "12A3456E"
    users["learner"].save()
    users["trainer"].is_staff = True
    users["trainer"].save()
    users["trainer"].groups.add(Group.objects.get(name=TRAINERS))
    for key, unit in (("ld_in", "adult"), ("ld_out", "older")):
        users[key].is_staff = True
        users[key].save()
        users[key].groups.add(Group.objects.get(name=LD_MANAGERS))
        ManagerScope.objects.create(user=users[key], unit=units[unit])
    boss = builders.staff(units["aspen"], user=users["line_manager"])
    learner_profile = builders.staff(units["aspen"], user=users["learner"], manager=boss)
    builders.staff(units["maple"], user=users["other"])
    learner = users["learner"]
    quiz = course["quizzes"][0]
    attempt = quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    attempt = quiz_services.attempt_submit(
        attempt=attempt, answers={q.pk: builders.right_raw(q) for q in attempt.questions()}
    )
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    certificate = certificate_services.certificate_render(
        certificate_id=certificate_services.certificate_issue(completion=completion).pk
    )
    attitude = builders.make_quiz([builders.likert()], kind=Quiz.Kind.ATTITUDE)

    def entry():
        return CpdEntry.objects.create(
            user=learner,
            date=timezone.localdate(),
            method="other",
            topic="Reading",
            hours=1,
            participatory_hours=0,
        )

    def account():
        return ReflectiveAccount.objects.create(
            user=learner, title="T", what_learned="a", how_changed="b", code_relation="c"
        )

    def assignment():
        return tracking_services.assignment_create(
            actor=None, course=course["course"], unit=units["adult"], due_within_days=30
        )

    esr_file = (
        "Employee Number,First Name,Last Name,Email,Position Title,Organisation,Staff Group,"
        "Assignment Status\n"
        "880001,Ida,Lee,ida@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active\n"
    )
    staff_import = organisation_services.staff_import(
        data=esr_file.encode(), filename="esr.csv", actor=users["ld_in"], dry_run=False
    ).record

    def team_session(minutes_ago=5):
        """A session for Aspen Ward the trainer runs, started ``minutes_ago``."""
        start = timezone.now() - timezone.timedelta(minutes=minutes_ago)
        return session_services.session_schedule(
            actor=users["trainer"],
            data={
                "course": course["course"],
                "module": None,
                "unit": units["aspen"],
                "facilitator_role": TeamSession.FacilitatorRole.TRAINER,
                "starts_at": start,
                "ends_at": start + timezone.timedelta(hours=1),
                "place": "Aspen Ward day room",
                "video_link": "",
                "capacity": 12,
            },
        )

    open_session = team_session()
    session_services.sign_in(user=learner, code=open_session.short_code)
    held = team_session(minutes_ago=90)
    attended = session_services.sign_in(
        user=learner, code=held.short_code, now=held.starts_at + timezone.timedelta(minutes=1)
    )
    session_services.session_close(actor=users["trainer"], session=held)
    attended.refresh_from_db()
    open_attendance = open_session.attendance.get()

    def new_attendance():
        newcomer = builders.make_user()
        builders.staff(units["aspen"], user=newcomer)
        return session_services.sign_in(user=newcomer, code=open_session.short_code)

    # Twelve weeks on, the learner's follow-up is sent; a change in the law leaves them a notice.
    followup_services.followups_send(today=timezone.localdate() + timezone.timedelta(weeks=13))
    followup = FollowUp.objects.get(user=learner, status=FollowUp.Status.INVITED)
    provision = Provision.objects.create(
        citation="MHA 2025 s40",
        title="Opt-out referral to an IMHA",
        status=Provision.Status.ENACTED,
        status_on=timezone.localdate(),
    )
    change = ProvisionChange.objects.create(
        provision=provision, kind=ProvisionChange.Kind.COMMENCED, effective_on=timezone.localdate()
    )
    notice = LawNotice.objects.create(
        change=change, user=learner, audience=LawNotice.Audience.LEARNER, course=course["course"]
    )

    # The course exported for ESR, and the learner's ESR record linked to them.
    dispatch = scorm_services.dispatch_create(
        course=course["course"], version="1.2", lms_name="ESR", user=users["admin"]
    )
    scorm_token = secrets.token_urlsafe(32)
    scorm_services.registration_link(
        dispatch=dispatch, token=scorm_token, user=learner, learner_id="ESR-1"
    )

    return {
        "dispatch": dispatch,
        "scorm_token": scorm_token,
        "followup": followup,
        "notice": notice,
        "team_session": open_session,
        "new_team_session": team_session,
        "open_attendance": open_attendance,
        "new_attendance": new_attendance,
        "attended": attended,
        "users": users,
        "staff_import": staff_import,
        "learner_profile": learner_profile,
        "module": module,
        "course": course["course"],
        "quiz": quiz,
        "attempt": attempt,
        "film": module.films()[0].id,
        "completion": completion,
        "certificate": certificate,
        "attitude": attitude,
        "entry": entry,
        "account": account,
        "assignment": assignment,
        "other_user": users["other"],
    }


def denied(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "")
    # Wagtail sends a signed-in user without the permission to the admin home, with a message.
    return response.status_code == 302 and (
        "/accounts/sign-in/" in location or "/admin/login/" in location or location == "/admin/"
    )


def test_permission_matrix(client, world):
    cells = 0
    failures = []
    for name, (method, path_of, data_of, allowed) in sorted(MATRIX.items()):
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            path = path_of(world)
            data = data_of(world) if data_of else {}
            if method == "get":
                response = client.get(path)
            elif method == "json":
                response = client.post(path, data=json.dumps(data), content_type="application/json")
            else:
                response = client.post(path, data)
            cells += 1
            assert response.status_code < 500, (name, role, response.status_code)
            expected_ok = role in allowed
            if denied(response) == expected_ok:
                failures.append(
                    f"{name} as {role}: {response.status_code} {response.get('Location', '')}"
                )
    print(f"permission matrix: {len(MATRIX)} URLs x {len(ROLES)} roles = {cells} cells")
    assert not failures, "\n".join(failures)


def test_admin_urls_refuse_anonymous(client):
    """Every Wagtail admin URL without parameters sends an anonymous visitor to sign in."""
    from django.urls import reverse

    public = {
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "wagtailadmin_logout",
    }
    checked = 0

    def walk(resolver, namespace=None):
        nonlocal checked
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, ":".join(filter(None, [namespace, pattern.namespace])) or None)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and not pattern.pattern.regex.groups
            ):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                try:
                    url = reverse(name)
                except Exception:  # noqa: BLE001, S112 - a pattern that needs arguments
                    continue
                if not url.startswith("/admin/") or pattern.name in public:
                    continue
                response = client.get(url)
                checked += 1
                assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
                if response.status_code == 302:
                    assert "/admin/login/" in response["Location"], url

    walk(get_resolver())
    print(f"admin URLs refusing anonymous visitors: {checked}")
    assert checked > 50
