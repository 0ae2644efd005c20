"""Every change to SCORM dispatch: a package exported, a package stopped, a learner's LMS record
linked to their Bridge account, a launch, a report read."""

from __future__ import annotations

import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import services as course_services

from .models import Dispatch, Registration

# The package's token: 32 random bytes, base64url without padding (43 characters).
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
LEARNER_ID_MAX = 255


class LaunchRefused(Exception):
    """The launch cannot go on; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def dispatch_create(*, course, version: str, lms_name: str, user) -> Dispatch:
    return Dispatch.objects.create(
        course=course, version=version, lms_name=lms_name.strip(), created_by=user
    )


def dispatch_stop(*, dispatch: Dispatch) -> Dispatch:
    """The package no longer opens Bridge nor reports; its registrations are kept as a record."""
    if dispatch.stopped_at is None:
        dispatch.stopped_at = timezone.now()
        dispatch.save(update_fields=["stopped_at"])
    return dispatch


def launch_check(*, dispatch: Dispatch | None, token: str, learner_id: str) -> None:
    if dispatch is None:
        raise LaunchRefused("This course package is not one Bridge knows.", status=404)
    if dispatch.stopped:
        raise LaunchRefused(
            "This course package has been withdrawn. Ask your learning and development team "
            "for the current one.",
            status=410,
        )
    if not TOKEN.fullmatch(token or ""):
        raise LaunchRefused(
            "This launch link is incomplete. Open the course again from your learning system.",
            status=400,
        )
    if not learner_id or len(learner_id) > LEARNER_ID_MAX or "\x00" in learner_id:
        raise LaunchRefused(
            "Your learning system did not say who you are. Open the course again from it.",
            status=400,
        )
    if not dispatch.course.live:
        raise LaunchRefused("This course is not available at the moment.", status=410)


def registration_link(
    *, dispatch: Dispatch, token: str, user, learner_id: str, learner_name: str = ""
) -> Registration:
    """Link the LMS's record of a learner (the package's token) to this Bridge account, once.

    Refused when the token is already another account's. The LMS learner id is kept as the LMS
    gave it, and is not a key: anyone may send any id, and claiming a colleague's must not lock
    them out (their own launch carries their own token)."""
    launch_check(dispatch=dispatch, token=token, learner_id=learner_id)
    digest = token_hash(token)
    existing = Registration.objects.filter(token_hash=digest).first()
    if existing is not None:
        return registration_launched(
            registration=existing, dispatch=dispatch, user=user, learner_id=learner_id
        )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                dispatch=dispatch,
                token_hash=digest,
                user=user,
                lms_learner_id=learner_id,
                lms_learner_name=learner_name.replace("\x00", "")[:255],
            )
    except IntegrityError:  # the same launch confirmed twice at once: the first one stands
        registration = Registration.objects.get(token_hash=digest)
        return registration_launched(
            registration=registration, dispatch=dispatch, user=user, learner_id=learner_id
        )
    course_services.enrolment_ensure(user=user, course=dispatch.course)
    return registration


def registration_launched(*, registration: Registration, dispatch: Dispatch, user, learner_id):
    """A later launch of a linked record (``launch_check`` passed): only its own account, from
    its own LMS record."""
    if (
        registration.user_id != user.pk
        or registration.dispatch_id != dispatch.pk
        or registration.lms_learner_id != learner_id
    ):
        raise LaunchRefused(
            "This launch belongs to someone else's record in your learning system. Sign out of "
            "Bridge and open the course from your own account there.",
            status=403,
        )
    Registration.objects.filter(pk=registration.pk).update(last_launched_at=timezone.now())
    course_services.enrolment_ensure(user=user, course=dispatch.course)
    return registration


def registration_reported(*, registration: Registration) -> None:
    """The package read the status: when it last did, for the admin's list."""
    Registration.objects.filter(pk=registration.pk).update(last_reported_at=timezone.now())
