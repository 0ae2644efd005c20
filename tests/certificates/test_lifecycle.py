"""Issuer details, expiry, revocation through the admin, access rules, and parallel issuing."""

import io
import threading
from datetime import timedelta

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Site

from accounts.models import AuditEvent
from accounts.roles import LD_MANAGERS, roles_setup
from certificates import services
from certificates.models import Certificate, CertificateSettings
from courses.models import CourseCompletion
from organisation.models import ManagerScope
from tests import builders


def make_image(title="Signature"):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, "PNG")
    from django.core.files.images import ImageFile

    image = get_image_model()(title=title)
    image.file.save("sig.png", ImageFile(io.BytesIO(buffer.getvalue()), name="sig.png"), save=False)
    image.save()
    return image


def issue(user, course, **completion):
    done = CourseCompletion.objects.create(
        user=user, course=course, completed_at=timezone.now(), **completion
    )
    certificate = services.certificate_issue(completion=done)
    return services.certificate_render(certificate_id=certificate.pk)


def pdf_text(certificate):
    with certificate.pdf.open("rb") as handle:
        return " ".join(page.extract_text() for page in pypdf.PdfReader(handle).pages).replace(
            "\n", " "
        )


@pytest.mark.django_db
def test_every_field_is_on_the_pdf(learner, course):
    builders.home_page()
    settings_row = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.issuer_name = "Northfield Mental Health NHS Trust"
    settings_row.signatory_name = "Dr Ada Okoye"
    settings_row.signatory_role = "Director of Nursing"
    settings_row.signature = make_image()
    settings_row.save()
    page = course["course"]
    page.participatory_hours = 1
    page.code_themes = ["preserve_safety", "prioritise_people"]
    page.cpd_relevance = "How I support detained patients to use an advocate."
    page.save_revision().publish()
    certificate = issue(learner, page, course_revision_id=page.live_revision_id)
    text = pdf_text(certificate)
    for expected in (
        "Siân O'Connor-Ñúñez",
        "NMC",
        "12A3456E",
        "Working with IMHAs",
        "Module 1",
        "Module 2",
        "2 hours 30 minutes",
        "including 1 hour learning with others",
        "Explain the IMHA role.",
        "Prioritise people",
        "Preserve safety",
        "Teaches the law as at",
        "1 November 2026",
        "Northfield Mental Health NHS Trust",
        "Dr Ada Okoye",
        "Director of Nursing",
        certificate.grouped_code,
        "Renew by",
    ):
        assert expected in text, expected
    assert "Content version" not in text and certificate.content_version not in text


@pytest.mark.django_db
def test_verify_page_says_expired_after_the_renewal_period(client, learner, course):
    certificate = issue(learner, course["course"])
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    html = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert "This certificate has expired" in html


@pytest.mark.django_db
def test_admin_revokes_with_a_reason_and_it_is_audited(client, staff_admin, learner, course):
    certificate = issue(learner, course["course"])
    client.force_login(staff_admin)
    assert client.get(reverse("certificates_admin:list")).status_code == 200
    url = reverse("certificates_admin:revoke", args=[certificate.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the form asks again
    response = client.post(url, {"reason": "Completed by someone else"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Completed by someone else"
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert event.actor == staff_admin and event.at is not None and event.data["reason"]


@pytest.mark.django_db
def test_ld_managers_can_download_but_not_revoke(client, learner, course):
    certificate = issue(learner, course["course"])
    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    builders.staff(units["aspen"], user=learner)
    manager = builders.make_user(is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    scope = ManagerScope.objects.create(user=manager, unit=units["older"])
    client.force_login(manager)
    url = reverse("certificates:download", args=[certificate.code])
    assert client.get(url).status_code == 404  # out of scope
    assert certificate.code not in client.get(reverse("certificates_admin:list")).content.decode()
    scope.unit = units["adult"]
    scope.save()
    assert client.get(url).status_code == 200
    assert certificate.code in client.get(reverse("certificates_admin:list")).content.decode()
    response = client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "x"}
    )
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert not certificate.is_revoked


@pytest.mark.django_db
def test_private_files_are_not_reachable_by_path(client, learner, course, settings):
    certificate = issue(learner, course["course"])
    for path in (
        f"/media/{certificate.pdf.name}",
        f"/private/{certificate.pdf.name}",
        f"/{certificate.pdf.name}",
    ):
        assert client.get(path).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real parallel transactions (PostgreSQL)"
)
def test_parallel_issue_calls_make_one_certificate_and_one_file(learner, course):
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            certificate = services.certificate_issue(
                completion=CourseCompletion.objects.get(pk=completion.pk)
            )
            services.certificate_render(certificate_id=certificate.pk)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.filter(completion=completion).count() == 1
    certificate = Certificate.objects.get(completion=completion)
    storage_dir = certificate.pdf.storage.path(certificate.pdf.name).rsplit("/", 1)[0]
    import os

    assert [name for name in os.listdir(storage_dir) if name.startswith(certificate.code)] == [
        f"{certificate.code}.pdf"
    ]


def test_a_certificate_missed_at_completion_is_issued_when_the_learner_asks(client, learner):
    """The completion committed but the database went away before the certificate was made."""
    from django.urls import reverse

    from certificates.models import Certificate
    from courses.models import CourseCompletion
    from tests import builders

    course = builders.make_course(modules=1)["course"]
    completion = CourseCompletion.objects.create(
        user=learner, course=course, completed_at=timezone.now()
    )
    assert not Certificate.objects.filter(completion=completion).exists()
    client.force_login(learner)
    url = reverse("certificates:for_completion", args=[completion.pk])
    first = client.get(url)
    assert first.status_code == 302 and "/download/" in first["Location"]
    assert client.get(url)["Location"] == first["Location"]  # the same one, not a second
    assert Certificate.objects.filter(completion=completion).count() == 1
    pdf = client.get(first["Location"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    other = builders.make_user()
    client.force_login(other)
    assert client.get(url).status_code == 404  # not someone else's completion


@pytest.mark.django_db
def test_a_revoked_certificate_reads_revoked_everywhere_even_once_expired(
    client, staff_admin, learner, course
):
    from certificates.services import certificate_revoke
    from tracking.personal_data import subject_access_export

    certificate = issue(learner, course["course"])
    certificate_revoke(
        certificate=certificate, reason="Completed by someone else", actor=staff_admin
    )
    # Long past its renewal date too: revocation still outranks expiry.
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    certificate.refresh_from_db()
    assert certificate.state == "revoked"

    page = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert "This certificate has been revoked" in page
    assert "has expired" not in page and "is valid" not in page

    client.force_login(staff_admin)
    listing = client.get(reverse("certificates_admin:list")).content.decode()
    assert "Revoked" in listing and "Expired" not in listing

    exported = subject_access_export(user=learner)
    assert [c["status"] for c in exported["certificates"]] == ["revoked"]
