import csv
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from certificates import services as certificate_services
from courses.models import CourseCompletion
from cpd import privacy, services
from cpd.models import CpdEntry, ReflectiveAccount

pytestmark = pytest.mark.django_db

ENTRY = {
    "date": "2026-10-01",
    "method": "group",
    "topic": "Safeguarding study day",
    "relevance": "Applies to my ward.",
    "hours": "6",
    "participatory_hours": "4",
    "code_themes": ["preserve_safety"],
    "evidence": "Attendance letter",
}


@pytest.fixture
def issued(learner, course):
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    return certificate_services.certificate_issue(completion=completion)


def test_completion_adds_a_cpd_entry_with_the_nmc_fields(issued, learner):
    entry = CpdEntry.objects.get(user=learner)
    assert entry.certificate == issued
    assert entry.method == CpdEntry.Method.E_LEARNING
    assert entry.hours == Decimal("2.5") and entry.topic == "Working with IMHAs"
    assert entry.evidence.endswith(f"/verify/{issued.code}/")
    assert AuditEvent.objects.filter(action="certificate.issue", object_id=str(issued.pk)).exists()


def test_learner_adds_own_entry_and_totals_count_against_35_and_20(learner_client, learner, issued):
    response = learner_client.post(reverse("cpd:entry_add"), ENTRY)
    assert response.status_code == 302
    html = learner_client.get(reverse("cpd:record")).content.decode()
    assert "8.5 of 35 CPD hours" in html
    assert "4 of 20 participatory hours" in html


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"participatory_hours": "7"}, "cannot be more than"),
        ({"hours": "0"}, "more than 0"),
        ({"date": "x"}, "as a real date"),
    ],
)
def test_bad_entries_get_400_and_a_message(learner_client, changes, message):
    response = learner_client.post(reverse("cpd:entry_add"), {**ENTRY, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CpdEntry.objects.exists()


def test_automatic_entries_cannot_be_edited_or_deleted(learner_client, issued):
    entry = CpdEntry.objects.get()
    learner_client.post(reverse("cpd:entry_delete", args=[entry.pk]))
    assert CpdEntry.objects.filter(pk=entry.pk).exists()
    response = learner_client.post(reverse("cpd:entry_edit", args=[entry.pk]), ENTRY)
    entry.refresh_from_db()
    assert response.status_code == 302 and entry.topic == "Working with IMHAs"


def test_another_learners_entry_is_404(client, learner, other_learner):
    entry = services.cpd_entry_save(
        user=learner,
        data={
            **ENTRY,
            "hours": Decimal(6),
            "participatory_hours": Decimal(4),
            "date": timezone.localdate(),
        },
    )
    client.force_login(other_learner)
    assert client.get(reverse("cpd:entry_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("cpd:entry_delete", args=[entry.pk])).status_code == 404
    assert CpdEntry.objects.filter(pk=entry.pk).exists()


def test_reflective_account_cannot_link_someone_elses_entry(client, learner, other_learner):
    theirs = services.cpd_entry_save(
        user=other_learner,
        data={
            **ENTRY,
            "hours": Decimal(1),
            "participatory_hours": Decimal(0),
            "date": timezone.localdate(),
        },
    )
    client.force_login(learner)
    response = client.post(
        reverse("cpd:reflective_account_add"),
        {
            "cpd_entry": theirs.pk,
            "title": "Study day",
            "what_learned": "a",
            "how_changed": "b",
            "code_relation": "c",
            "code_themes": ["prioritise_people"],
        },
    )
    assert response.status_code == 400
    assert not ReflectiveAccount.objects.exists()


def test_identifier_scan():
    text = "Patient Jones, NHS number 943 476 5919, born 12/03/1961. The patient was anxious."
    kinds = {finding.kind for finding in privacy.scan(text)}
    assert kinds == {
        "NHS number",
        "date that may be a date of birth",
        "date of birth",
        "name after 'patient'",
    }
    assert privacy.scan("I learned to explain IMHAs twice to every patient.") == []
    assert privacy.scan("Phone 020 7946 0000") == []  # fails the NHS number check digit


def test_export_warns_first_then_exports_on_confirmation(learner_client, learner, issued):
    services.reflective_account_save(
        user=learner,
        data={
            "title": "Ward round",
            "what_learned": "Patient Smith wanted an advocate.",
            "how_changed": "I refer sooner.",
            "code_relation": "Prioritise people.",
            "code_themes": ["prioritise_people"],
            "cpd_entry": None,
        },
    )
    warn = learner_client.get(reverse("cpd:export", args=["csv"]))
    assert warn.status_code == 200
    assert (
        "This may identify a patient" in warn.content.decode()
        and "Patient Smith" in warn.content.decode()
    )
    response = learner_client.get(reverse("cpd:export", args=["csv"]), {"confirm": "1"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "record"
    assert any(row[3] == "Working with IMHAs" and row[5] == "2.5" for row in rows)
    assert rows[-1][0] == "Total (last 3 years)"
    assert AuditEvent.objects.filter(action="cpd.export", actor=learner).exists()


def test_pdf_export_reads_back(learner_client, learner, issued):
    services.reflective_account_save(
        user=learner,
        data={
            "title": "Advocacy in ward rounds",
            "what_learned": "Advocates help the patient speak.",
            "how_changed": "I invite the IMHA early.",
            "code_relation": "Prioritise people.",
            "code_themes": ["prioritise_people"],
            "cpd_entry": None,
        },
    )
    response = learner_client.get(reverse("cpd:export", args=["pdf"]))
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Siân O'Connor-Ñúñez" in text
    assert "Advocacy in ward rounds" in text and "I invite the IMHA early." in text
    assert "2.5 of 35 CPD hours" in text


def test_csv_cells_that_start_a_formula_are_neutralised(learner_client, learner):
    services.cpd_entry_save(
        user=learner,
        data={
            **ENTRY,
            "topic": '=HYPERLINK("x")',
            "hours": Decimal(1),
            "participatory_hours": Decimal(0),
            "date": timezone.localdate(),
        },
    )
    response = learner_client.get(reverse("cpd:export", args=["csv"]), {"confirm": "1"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][3] == '\'=HYPERLINK("x")'


def test_the_automatic_entry_takes_the_course_themes_as_keys_and_its_own_relevance(learner, course):
    page = course["course"]
    page.code_themes = ["promote_professionalism", "prioritise_people"]
    page.cpd_relevance = "Telling detained patients about their right to an advocate."
    page.save_revision().publish()
    completion = CourseCompletion.objects.create(
        user=learner, course=page, completed_at=timezone.now()
    )
    certificate = certificate_services.certificate_issue(completion=completion)
    assert certificate.code_themes == ["promote_professionalism", "prioritise_people"]
    assert certificate.theme_labels() == ["Prioritise people", "Promote professionalism and trust"]
    entry = CpdEntry.objects.get(certificate=certificate)
    assert entry.code_themes == certificate.code_themes
    assert entry.relevance == "Telling detained patients about their right to an advocate."


def test_without_its_own_relevance_a_course_offers_its_summary(learner, course):
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    certificate = certificate_services.certificate_issue(completion=completion)
    entry = CpdEntry.objects.get(certificate=certificate)
    assert entry.relevance == "Learn to work with advocates."
    assert "Independent Mental Health Advocates" not in entry.relevance  # no claim it does not make
