"""The trust's key for signing portable credentials (Open Badges 3.0)."""

from django.db import models
from django.utils import timezone


class SigningKey(models.Model):
    """An Ed25519 key that signs every certificate's credential and the revocation list.

    Made on first use when ``BRIDGE_CREDENTIAL_KEY_FILE`` names no key of the trust's own. Its
    public half is published in the issuer's DID document (``/.well-known/did.json``); a key kept
    after a newer one is made still verifies what it signed."""

    fragment = models.CharField(max_length=40, unique=True)
    private_pem = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.fragment} ({self.created_at:%d %b %Y})"
