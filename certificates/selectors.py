from .models import Certificate


def certificate_by_code(code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return Certificate.objects.filter(code=code).first()


def certificate_for_download(*, code: str, user) -> Certificate | None:
    """The certificate if this user may download it: its owner, or staff who manage certificates."""
    certificate = certificate_by_code(code)
    if certificate is None:
        return None
    if (
        certificate.user_id == user.pk
        or user.is_superuser
        or user.has_perm("certificates.view_certificate")
    ):
        return certificate
    return None


def certificate_for_completion(*, completion_id: int, user) -> Certificate | None:
    return Certificate.objects.filter(completion_id=completion_id, user=user).first()
