"""Checking a credential file someone brings to the verify page: signed by this trust's key (any
it has used), and not revoked on the list it names. The checks are openbadgeslib's own verifier,
given Bridge's DID document and revocation lists directly rather than over the network."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from certificates.models import Certificate

from . import issuing, selectors
from .models import SigningKey

MAX_BYTES = 64 * 1024


class NotGenuine(Exception):
    """The file is not a credential this trust issued, or has been changed since."""


@dataclasses.dataclass
class Checked:
    certificate: Certificate
    revoked: bool
    reason: str = ""


def _local(url: str) -> bytes:
    """What Bridge serves at one of its own credential addresses, read without a request."""
    parts = urlsplit(url)
    if f"https://{parts.netloc}" != issuing.issuer_url():
        raise NotGenuine("The credential names a list this trust does not publish.")
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise NotGenuine("The credential names a list this trust does not publish.") from None
    if match.view_name != "credentials:status_list":
        raise NotGenuine("The credential names a list this trust does not publish.")
    number = match.kwargs["number"]
    return issuing.status_list_jwt(number, selectors.revoked_indices(number)).encode()


def check(token: str) -> Checked:
    from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier, check_credential_status

    token = token.strip()
    if not token or len(token) > MAX_BYTES or token.count(".") != 2:
        raise NotGenuine("This is not an Open Badges credential file (a signed JWT).")
    did = issuing.issuer_did()
    credential = None
    for key in issuing.signing_keys():
        verifier = OB3Verifier(pubkey_pem=issuing.public_pem(key), issuer_did=did)
        try:
            credential = verifier.verify(token)
            break
        except OB3VerificationError:
            credential = _expired(token, key, did)
            if credential is not None:
                break
    if credential is None:
        raise NotGenuine(
            "This credential was not issued by this trust, or it has been changed since it was "
            "issued."
        )
    certificate = _certificate(credential.id)
    try:
        # The lists are signed with the key that signs now, whichever key signed the credential.
        check_credential_status(
            credential,
            download=_local,
            verify_list=True,
            list_pubkey_pem=issuing.public_pem(issuing.signing_key()),
        )
    except OB3VerificationError:
        return Checked(certificate=certificate, revoked=True, reason=certificate.revoked_reason)
    return Checked(certificate=certificate, revoked=certificate.is_revoked)


def _expired(token: str, key: SigningKey, did: str):
    """A credential this key signed, unchanged, whose validity has only run out: a genuine
    record of an expired certificate, not a forgery. None for anything else."""
    import jwt
    from openbadgeslib.ob3 import OpenBadgeCredential

    try:
        payload = jwt.decode(
            token,
            issuing.public_pem(key),
            algorithms=[issuing.ALGORITHM],
            options={"verify_exp": False, "verify_aud": False},
        )
    except jwt.PyJWTError:
        return None
    if payload.get("iss") != did or "exp" not in payload:
        return None
    try:
        return OpenBadgeCredential.from_jwt_payload(payload)
    except Exception:  # noqa: BLE001 - a payload the model cannot read is not ours
        return None


def _certificate(credential_id: str | None) -> Certificate:
    parts = urlsplit(credential_id or "")
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is None or match.view_name != "certificates:verify_code":
        raise NotGenuine("This credential does not name a certificate of this trust.")
    certificate = Certificate.objects.filter(code=match.kwargs["code"]).first()
    if certificate is None:
        raise NotGenuine("This credential names a certificate this trust does not hold.")
    return certificate
