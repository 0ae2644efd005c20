from courses.models import CourseCompletion
from organisation.models import in_subtrees_q
from organisation.selectors import looks_after, managed_unit_paths

from . import codes
from .models import Certificate


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a code names, however it was typed (spaces, hyphens, case, look-alikes)."""
    stored = codes.normalise(code)
    if stored is None:
        return None
    return Certificate.objects.filter(code=stored).first()


def certificate_for_download(*, code: str, user) -> Certificate | None:
    """The certificate if this user may download it: its owner, an admin, or an L&D manager
    whose units include the learner's."""
    certificate = certificate_by_code(code)
    if certificate is None:
        return None
    if certificate.user_id == user.pk or user.is_superuser:
        return certificate
    if user.has_perm("certificates.view_certificate") and looks_after(user, certificate.user_id):
        return certificate
    return None


def certificates_visible_to(user):
    """What an admin list may show: everything for superusers, else the L&D manager's units."""
    queryset = Certificate.objects.select_related("user").order_by("-issued_at")
    if user.is_superuser:
        return queryset
    paths = managed_unit_paths(user)
    return queryset.filter(in_subtrees_q(paths, field="user__staff_profile__unit__path"))


def certificate_for_completion(*, completion_id: int, user) -> Certificate | None:
    return Certificate.objects.filter(completion_id=completion_id, user=user).first()


def completion_of(*, completion_id: int, user) -> CourseCompletion | None:
    return (
        CourseCompletion.objects.select_related("course", "user")
        .filter(pk=completion_id, user=user)
        .first()
    )
