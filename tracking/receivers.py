"""Keep the compliance table in step with what it is derived from.

Each receiver refreshes only the people and course touched, in the same transaction as the change,
so a rolled-back change leaves no trace in the table. The nightly ``compliance_rebuild`` task is
the safety net for changes made behind the ORM's back (a bulk ``update()``, a database restore).
"""

from __future__ import annotations


def profile_saved(sender, instance, raw=False, **kwargs):
    from organisation.signals import batch_active

    if raw or batch_active():  # an import: staff_changed follows, once, for the whole file
        return
    from .services import compliance_refresh

    compliance_refresh(profile_ids=[instance.pk])


def post_changed(sender, instance, raw=False, **kwargs):
    """One of a person's ESR assignments was saved (in the admin)."""
    from organisation.signals import batch_active

    if raw or batch_active():
        return
    from .services import compliance_refresh

    compliance_refresh(profile_ids=[instance.profile_id])


def post_deleted(sender, instance, **kwargs):
    """An ESR assignment was deleted: refreshed once the transaction is through, because the
    person may be being deleted with it (their assignments go first), and a refresh now would
    write records for someone about to disappear."""
    from django.db import transaction

    from .services import compliance_refresh

    profile_id = instance.profile_id
    transaction.on_commit(lambda: compliance_refresh(profile_ids=[profile_id]))


def staff_changed(sender, profile_ids, **kwargs):
    from .services import compliance_refresh

    compliance_refresh(profile_ids=profile_ids)


def learner_progress_changed(sender, instance, raw=False, created=True, **kwargs):
    """An enrolment or a completion was made (or deleted)."""
    if raw or not created:
        return
    from .services import compliance_refresh_for_user

    compliance_refresh_for_user(user_id=instance.user_id, course_id=instance.course_id)


def assignment_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import compliance_refresh

    compliance_refresh(course_id=instance.course_id)


def course_published(sender, instance, **kwargs):
    """A course's renewal period may have changed: its expiry dates with it."""
    from .services import compliance_refresh

    compliance_refresh(course_id=instance.pk)
