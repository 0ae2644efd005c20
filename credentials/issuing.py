"""A certificate as an Open Badges 3.0 credential: a W3C Verifiable Credential signed as a JWT by
the trust's key, its issuer a did:web that resolves to Bridge's DID document, its revocation a bit
in a Bitstring Status List Bridge publishes. Built with openbadgeslib; nothing is stored: the same
certificate always signs to the same credential."""

from __future__ import annotations

import datetime
import functools
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import SigningKey

STATUS_LIST_BITS = 131072  # 16 KB a list, the Bitstring Status List's smallest
STATUS_LIST_VALID_HOURS = 24  # a copy older than this is refused: a stale list cannot unrevoke
ALGORITHM = "EdDSA"


def issuer_url() -> str:
    """The issuer's address: its DID document is served under it. did:web always means HTTPS."""
    base = getattr(settings, "BRIDGE_CREDENTIAL_ISSUER_URL", "") or settings.BASE_URL
    parts = urlsplit(base)
    return f"https://{parts.netloc}"


def issuer_did() -> str:
    from openbadgeslib.ob3 import did_web_from_url

    return did_web_from_url(issuer_url())


def _new_private_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def signing_key() -> SigningKey:
    """The key that signs now: the trust's own from ``BRIDGE_CREDENTIAL_KEY_FILE``, else the
    newest kept one, else a new one (made once, even when two requests ask together)."""
    path = getattr(settings, "BRIDGE_CREDENTIAL_KEY_FILE", "")
    if path:
        return _file_key(Path(path).read_text())
    key = SigningKey.objects.first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return SigningKey.objects.create(fragment="key-1", private_pem=_new_private_pem())
    except IntegrityError:
        return SigningKey.objects.get(fragment="key-1")


@functools.lru_cache(maxsize=4)
def _file_key(pem: str) -> SigningKey:
    """The trust's own key, read from its file and never written to the database: an unsaved
    row named by its JWK thumbprint, so a new file is a new key in the DID document."""
    import base64
    import hashlib
    import json

    from openbadgeslib.keys import public_jwk_from_pem

    jwk = public_jwk_from_pem(_public_pem(pem))
    # RFC 7638: the SHA-256 of the key's required members, in order, without spaces.
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    thumbprint = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return SigningKey(fragment=f"trust-{thumbprint[:16]}", private_pem=pem)


def signing_keys() -> list[SigningKey]:
    """Every key the trust signs or has signed with, the one that signs now first."""
    current = signing_key()
    return [current, *(k for k in SigningKey.objects.all() if k.fragment != current.fragment)]


@functools.lru_cache(maxsize=8)
def _public_pem(private_pem: str) -> bytes:
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_pem(key: SigningKey) -> bytes:
    return _public_pem(key.private_pem)


def did_document() -> dict:
    from openbadgeslib.keys import public_jwk_from_pem
    from openbadgeslib.ob3 import build_did_document

    # The key that signs now comes first: a credential that names no key is checked with it.
    return build_did_document(
        issuer_did(), [(k.fragment, public_jwk_from_pem(public_pem(k))) for k in signing_keys()]
    )


def status_list_url(number: int) -> str:
    return issuer_url() + reverse("credentials:status_list", args=[number])


def status_place(certificate) -> tuple[int, int]:
    """Which list and which bit of it say whether the certificate is revoked."""
    return divmod(certificate.pk, STATUS_LIST_BITS)


def credential_id(certificate) -> str:
    """The credential's id: the certificate's own verify page, so a credential names its record."""
    return issuer_url() + reverse("certificates:verify_code", args=[certificate.code])


def _credential(certificate):
    from openbadgeslib.ob3 import (
        Achievement,
        Evidence,
        IdentityObject,
        Issuer,
        OpenBadgeCredential,
        status_entry,
    )

    from certificates.services import verify_url

    course = certificate.completion.course
    hours = certificate.hours_words
    number, index = status_place(certificate)
    identifiers = [IdentityObject(certificate.learner_name, "name", hashed=False)]
    email = certificate.user.email
    if email:
        # The address only as a salted hash: it proves a holder's address without publishing it.
        salt = uuid.uuid5(uuid.NAMESPACE_URL, certificate.code).hex[:16]
        identifiers.append(IdentityObject.create(email.lower(), salt=salt))
    return OpenBadgeCredential(
        id=credential_id(certificate),
        issuer=Issuer(
            id=issuer_did(), name=certificate.issuer_name or "Bridge", url=issuer_url() + "/"
        ),
        recipient_id=None,
        identifiers=identifiers,
        achievement=Achievement(
            id=issuer_url() + (course.url or "/"),
            name=certificate.course_title,
            description=course.summary,
            criteria_narrative=(
                f"Completed every module of the course, with its film, knowledge checks and "
                f"reflection, for {hours} of continuing professional development. Teaches the "
                f"law as at {certificate.law_as_at:%d %B %Y}."
            ),
            achievement_type="Certificate",
            tags=["CPD", "Independent Mental Health Advocacy"],
        ),
        name=f"Certificate of completion: {certificate.course_title}",
        issuance_date=certificate.issued_at,
        expiration_date=certificate.expires_at,
        evidence=[Evidence(id=verify_url(certificate.code))],
        credential_status=[
            status_entry(status_list_url(number), "revocation", index),
        ],
    )


def _sign(payload: dict, key: SigningKey) -> str:
    """A compact JWS of ``payload`` by ``key``: its header names the key (``kid``, a method of
    the issuer's DID document, so a verifier picks the right one of several) and carries its
    public JWK, as Open Badges 3.0 asks."""
    import jwt
    from cryptography.hazmat.primitives import serialization
    from openbadgeslib.keys import public_jwk_from_pem

    private = serialization.load_pem_private_key(key.private_pem.encode(), password=None)
    headers = {"kid": f"{issuer_did()}#{key.fragment}", "jwk": public_jwk_from_pem(public_pem(key))}
    return jwt.encode(payload, private, algorithm=ALGORITHM, headers=headers)


def credential_jwt(certificate) -> str:
    """The certificate's Open Badges 3.0 credential, as a compact JWT-VC."""
    return _sign(_credential(certificate).to_jwt_payload(), signing_key())


def status_list_jwt(number: int, revoked_indices) -> str:
    """The signed revocation list ``number``: one bit a certificate, set when it is revoked."""
    from openbadgeslib.ob3 import build_status_list_credential

    # Dated a few minutes back: a verifier whose clock is a little behind still accepts the list.
    now = timezone.now() - datetime.timedelta(minutes=5)
    vc = build_status_list_credential(
        issuer_did(),
        status_list_url(number),
        "revocation",
        revoked_indices,
        size_bits=STATUS_LIST_BITS,
        issued=now,
        valid_until=now + datetime.timedelta(hours=STATUS_LIST_VALID_HOURS),
    )
    payload = {**vc, "iss": vc["issuer"], "jti": vc["id"], "nbf": int(now.timestamp())}
    return _sign(payload, signing_key())
