"""What portable credentials read: a certificate for its credential, the revoked bits of a list."""

from certificates import selectors as certificate_selectors
from certificates.models import Certificate

from .issuing import STATUS_LIST_BITS


def certificate_for_credential(*, code: str, user) -> Certificate | None:
    """The certificate if this user may download its credential (as its PDF: see
    ``certificates.selectors.certificate_for_download``), with what the credential states."""
    certificate = certificate_selectors.certificate_for_download(code=code, user=user)
    if certificate is None:
        return None
    return Certificate.objects.select_related("user", "completion__course").get(pk=certificate.pk)


def revoked_indices(number: int) -> list[int]:
    """The bits set in revocation list ``number``: its revoked certificates' places."""
    start = number * STATUS_LIST_BITS
    return [
        pk - start
        for pk in Certificate.objects.filter(
            status=Certificate.Status.REVOKED, pk__gte=start, pk__lt=start + STATUS_LIST_BITS
        ).values_list("pk", flat=True)
    ]
