import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from certificates import personal_data as certificate_personal_data
from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import CourseCompletion
from tests import builders
from tracking import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(learner, course):
    units = builders.trust_tree()
    builders.staff(
        units["aspen"], user=learner, first_name=learner.first_name, last_name=learner.last_name
    )
    from tracking import services

    services.assignment_create(
        actor=None, course=course["course"], unit=units["trust"], due_within_days=30
    )
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    certificate = certificate_services.certificate_issue(completion=completion)
    certificate_services.certificate_render(certificate_id=certificate.pk)
    return learner


def test_subject_access_export_holds_everything_and_is_quick(client, person):
    client.force_login(person)
    start = time.perf_counter()
    data = json.loads(client.get(reverse("tracking:my_data_export", args=["json"])).content)
    pdf = client.get(reverse("tracking:my_data_export", args=["pdf"]))
    elapsed = time.perf_counter() - start
    assert elapsed < 5
    assert data["account"]["email"] == person.email
    assert data["staff_record"]["unit"] == "Aspen Ward"
    assert data["certificates"][0]["course"] == "Working with IMHAs"
    assert data["cpd_entries"][0]["hours"] == "2.5"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="person.subject_access", actor=person).count() == 2


def test_erasure_removes_identity_and_keeps_the_totals(client, staff_admin, person):
    name, email = "O'Connor-Ñúñez", person.email

    def totals():
        records = selectors.records_in_scope(staff_admin)
        return selectors.compliance_summary(records, parent=None, units=[])[0]

    before = totals()
    assert before.assigned == 1 and before.compliant == 1
    client.force_login(staff_admin)
    url = reverse("tracking_admin:erase", args=[person.pk])
    client.post(url, {"confirm": "wrong"})
    person.refresh_from_db()
    assert person.email == email  # not erased without the exact confirmation
    client.post(url, {"confirm": email})
    after = totals()
    assert (before.assigned, before.compliant, dict(before.counts)) == (
        after.assigned,
        after.compliant,
        dict(after.counts),
    )
    import io

    dump = io.StringIO()
    call_command(
        "dumpdata",
        "accounts",
        "organisation",
        "courses",
        "quizzes",
        "certificates",
        "tracking",
        stdout=dump,
    )
    text = dump.getvalue()
    assert text.count(email) == 0 and text.count(name) == 0 and text.count("Siân") == 0
    certificate = Certificate.objects.get(user=person)
    assert certificate.learner_name == certificate_personal_data.ERASED_NAME and not certificate.pdf
    assert AuditEvent.objects.filter(action="person.erase", actor=staff_admin).exists()


def test_every_app_that_holds_personal_data_contributes_its_part(person):
    from core.privacy import parts, subject_access_export

    contributed = [part.export.__module__ for part in parts()]
    assert contributed == [
        "accounts.personal_data",
        "organisation.personal_data",
        "quizzes.personal_data",
        "courses.personal_data",
        "certificates.personal_data",
        "cpd.personal_data",
        "followups.personal_data",
        "teamsessions.personal_data",
        "xapi.personal_data",
        "scorm.personal_data",
        "lti.personal_data",
    ]
    sections = set(subject_access_export(user=person))
    assert {"account", "staff_record", "quiz_attempts", "reflections", "certificates"} <= sections
    assert {"cpd_entries", "reflective_accounts", "audit_events", "exported_at"} <= sections
    assert "team_sessions" in sections and "learning_records" in sections
    assert "follow_ups" in sections and "lms_records" in sections and "lms_accounts" in sections


def test_a_follow_up_is_exported_and_its_words_erased(person):
    from core.privacy import personal_data_erase, subject_access_export
    from followups.models import FollowUp

    followup = FollowUp.objects.get(user=person)
    FollowUp.objects.filter(pk=followup.pk).update(
        status="answered", behaviours=["referred"], changes="I referred a patient on Aspen Ward."
    )
    exported = subject_access_export(user=person)["follow_ups"]
    assert exported[0]["what_changed"] == "I referred a patient on Aspen Ward."
    personal_data_erase(user=person)
    followup.refresh_from_db()
    assert followup.changes == "" and followup.behaviours == ["referred"]  # the count stays
