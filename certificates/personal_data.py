"""What certificates holds about a person: their certificates. Erasure deletes the PDF files and the
name on the record; the certificate row stays, so the trust's totals do not change."""

from core.privacy import Part, iso

from .models import Certificate

ERASED_NAME = "Erased person"


def export(user) -> dict:
    return {
        "certificates": [
            {
                "code": c.code,
                "course": c.course_title,
                "status": c.state,
                "issued_at": iso(c.issued_at),
                "sha256": c.sha256,
            }
            for c in Certificate.objects.filter(user=user)
        ]
    }


def erase(user, pseudonym: str) -> None:
    for certificate in Certificate.objects.filter(user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.learner_name = ERASED_NAME
        certificate.registration = ""
        certificate.save(update_fields=["pdf", "learner_name", "registration"])


PART = Part(order=50, export=export, erase=erase)
