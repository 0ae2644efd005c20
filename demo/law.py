"""The demo's law register, and one change in the law that has already happened.

The provisions come first (the course's modules cite them). Once the demo trust has its history,
the staff who completed the course most recently before 18 February 2026 hold certificates on
the course as it stood then, and the change of that day is recorded through the law services, so
their certificates read "describes the law before 18 February 2026" and they and their L&D
managers have a notice on My training. Nothing is e-mailed while loading.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import CourseCompletion, CoursePage
from law import services as law_services
from law.models import Provision, ProvisionChange

from . import content

HOLDERS = 3


def provisions_ensure() -> dict[str, Provision]:
    """The demo's provisions by citation, made once."""
    found = {}
    for item in content.PROVISIONS:
        provision, _created = Provision.objects.get_or_create(
            citation=item["citation"],
            defaults={
                "title": item["title"],
                "status": item["status"],
                "status_on": datetime.date.fromisoformat(item["status_on"]),
                "source_url": item["source_url"],
                "note": item["note"],
            },
        )
        found[provision.citation] = provision
    return found


class LawLoader:
    def __init__(self, *, stdout, style):
        self.stdout, self.style = stdout, style

    def load(self):
        history = content.LAW_HISTORY
        provision = provisions_ensure()[history["citation"]]
        day = datetime.date.fromisoformat(history["effective_on"])
        if ProvisionChange.objects.filter(provision=provision, effective_on=day).exists():
            self.stdout.write("Demo law history already loaded: nothing to change.")
            return
        course = CoursePage.objects.get(slug=content.COURSE["slug"])
        reviewed = datetime.date.fromisoformat(history["reviewed_before"])
        earlier = CourseCompletion.objects.filter(
            course=course, completed_at__date__lt=day, user__staff_profile__isnull=False
        ).order_by("-completed_at", "pk")[:HOLDERS]
        with transaction.atomic():
            for completion in earlier:
                certificate = certificate_services.certificate_issue(completion=completion)
                # Earned then, on the course as its last legal review before then stated it.
                Certificate.objects.filter(pk=certificate.pk).update(
                    law_as_at=min(reviewed, completion.completed_at.date()),
                    issued_at=completion.completed_at,
                )
            law_services.provision_change_record(
                provision=provision,
                kind=history["kind"],
                effective_on=day,
                note=history["note"],
                actor=None,
                today=timezone.localdate(),
                quiet=True,
            )
        self._review(course)
        self.stdout.write(self.style.SUCCESS("Demo law history loaded."))

    def _review(self, course):
        """The course reviewed after the change, through the review workflow as a newcomer would
        see it run: the trainer sends it for sign-off, then both demo reviewers approve it."""
        from accounts.models import User

        trainer = User.objects.get(email="trainer@example.nhs.uk")
        state = law_services.review_start(course=course, actor=trainer)
        if state is None:
            return
        for email in (
            "trainer@example.nhs.uk",
            "legal.reviewer@example.nhs.uk",
            "lived.reviewer@example.nhs.uk",
        ):
            state.refresh_from_db()
            state.current_task_state.approve(user=User.objects.get(email=email))
