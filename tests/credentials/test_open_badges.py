"""A certificate as an Open Badges 3.0 credential: issued by Bridge, verified by openbadgeslib's
own verifier resolving the issuer's did:web and reading the revocation list from Bridge's real
responses; one field changed and it fails; revoked, and it fails. The verify page takes the file."""

import base64
import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import CourseCompletion
from credentials import issuing
from credentials.models import SigningKey
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(issued_certificate):
    return issued_certificate


def downloaded(client, certificate) -> str:
    response = client.get(f"/certificates/{certificate.code}/open-badge.jwt")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vc+jwt"
    assert "attachment" in response["Content-Disposition"]
    return response.content.decode()


def over_https(client):
    """What the verifier fetches, https://testserver/..., answered by Bridge's own views."""

    def download(url: str) -> bytes:
        assert url.startswith("https://testserver/"), url
        response = client.get(url.removeprefix("https://testserver"))
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return download


def verified(client, token, *, check_status=True):
    fetch = over_https(client)
    verifier = OB3Verifier.for_issuer_did(issuing.issuer_did(), download=fetch)
    return verifier.verify(token, check_status=check_status, download=fetch)


def tampered(token: str, change) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(data)
    new = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"{header}.{new}.{signature}"


def test_a_learner_downloads_a_credential_the_librarys_verifier_accepts(
    client, learner, certificate
):
    client.force_login(learner)
    token = downloaded(client, certificate)
    assert downloaded(client, certificate) == token  # the same certificate signs the same way
    credential = verified(client, token)
    assert issuing.issuer_did() == "did:web:testserver"
    assert credential.issuer.id == "did:web:testserver"
    assert credential.id == f"https://testserver/verify/{certificate.code}/"
    assert credential.achievement.name == certificate.course_title
    assert credential.achievement.achievement_type == "Certificate"
    names = [i.identity_hash for i in credential.identifiers if i.identity_type == "name"]
    assert names == [certificate.learner_name]
    (email,) = [i for i in credential.identifiers if i.identity_type == "emailAddress"]
    assert email.hashed and learner.email not in token  # the address only as a salted hash
    assert credential.issuance_date == certificate.issued_at.replace(microsecond=0)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["kid"] == "did:web:testserver#key-1"
    assert "d" not in header["jwk"]  # never the private part


def test_the_issuers_did_document_publishes_the_key(client, certificate):
    issuing.signing_key()
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == "did:web:testserver"
    (method,) = document["verificationMethod"]
    assert method["id"] == "did:web:testserver#key-1"
    assert method["publicKeyJwk"]["kty"] == "OKP" and "d" not in method["publicKeyJwk"]
    assert document["assertionMethod"] == [method["id"]]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="Someone Else"),
        lambda d: d["credentialSubject"]["achievement"].update(name="A harder course"),
        lambda d: d.update(validUntil="2099-01-01T00:00:00Z"),
        lambda d: d["credentialStatus"].update(statusListIndex="0"),
    ],
    ids=["name", "course", "expiry", "status-index"],
)
def test_one_field_changed_and_verification_fails(client, learner, certificate, change):
    client.force_login(learner)
    token = downloaded(client, certificate)
    with pytest.raises(OB3VerificationError):
        verified(client, tampered(token, change))


def test_a_forged_signature_fails(client, learner, certificate):
    client.force_login(learner)
    token = downloaded(client, certificate)
    header, payload, signature = token.split(".")
    forged = signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")
    with pytest.raises(OB3VerificationError):
        verified(client, f"{header}.{payload}.{forged}")
    # signed by another key, claiming this trust as its issuer
    SigningKey.objects.all().update(private_pem=issuing._new_private_pem())
    with pytest.raises(OB3VerificationError):
        issuing._public_pem.cache_clear()
        verified(client, token)


def test_revoked_and_verification_fails_elsewhere_too(
    client, learner, certificate, staff_admin, course, other_learner
):
    client.force_login(learner)
    token = downloaded(client, certificate)
    verified(client, token)
    completion = CourseCompletion.objects.create(
        user=other_learner, course=course["course"], completed_at=timezone.now()
    )
    theirs = certificate_services.certificate_issue(completion=completion)
    client.force_login(other_learner)
    their_token = downloaded(client, theirs)
    certificate_services.certificate_revoke(
        certificate=certificate, reason="Issued in error", actor=staff_admin
    )
    with pytest.raises(OB3VerificationError, match="'revocation' is set at index"):
        verified(client, token)
    verified(client, token, check_status=False)  # the signature itself is still genuine
    verified(client, their_token)  # on the same list, another's bit stays clear
    assert issuing.status_place(certificate)[0] == issuing.status_place(theirs)[0]


def test_the_verify_page_checks_a_credential_file(client, learner, certificate, staff_admin):
    client.force_login(learner)
    token = downloaded(client, certificate)
    client.logout()  # anyone may check a credential: a new employer, say

    def upload(content: bytes, name="badge.jwt"):
        return client.post(
            "/credentials/verify/", {"credential": SimpleUploadedFile(name, content)}
        )

    form = client.get("/verify/").content.decode()
    assert "Check a digital credential" in form and 'enctype="multipart/form-data"' in form
    genuine = upload(token.encode())
    text = genuine.content.decode()
    assert genuine.status_code == 200 and "This certificate is valid" in text
    assert "The credential file you checked is genuine" in text
    assert certificate.learner_name.replace("'", "&#x27;") in text
    changed = upload(tampered(token, lambda d: d.update(name="Something else")).encode())
    assert changed.status_code == 400
    assert "has been changed since it was issued" in changed.content.decode()
    assert upload(b"not a credential").status_code == 400
    assert upload("é".encode() * 10).status_code == 400
    assert upload(b"a" * (70 * 1024)).status_code == 400
    assert client.post("/credentials/verify/", {}).status_code == 400
    assert client.get("/credentials/verify/").status_code == 405
    certificate_services.certificate_revoke(
        certificate=certificate, reason="Issued in error", actor=staff_admin
    )
    revoked = upload(token.encode())
    assert revoked.status_code == 200
    assert "This certificate has been revoked" in revoked.content.decode()


def test_only_the_holder_and_those_who_may_see_the_pdf_get_the_credential(
    client, certificate, other_learner
):
    url = f"/certificates/{certificate.code}/open-badge.jwt"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(other_learner)
    assert client.get(url).status_code == 404
    assert client.get("/certificates/NOTACODE/open-badge.jwt").status_code == 404


def test_the_course_page_and_cpd_record_offer_the_credential(client, learner, certificate):
    client.force_login(learner)
    response = client.get(f"/certificates/completion/{certificate.completion_id}/open-badge/")
    assert response["Location"] == f"/certificates/{certificate.code}/open-badge.jwt"
    page = client.get(certificate.completion.course.url).content.decode()
    assert f"/certificates/completion/{certificate.completion_id}/open-badge/" in page
    client.force_login(builders.make_user())
    assert (
        client.get(f"/certificates/completion/{certificate.completion_id}/open-badge/").status_code
        == 404
    )


def test_a_status_list_is_signed_and_bounded(client, certificate):
    response = client.get("/credentials/status/0/")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/credentials/status/99999/").status_code == 404
    assert BytesIO(response.content).read(3) == b"eyJ"  # a JWS
    # its bits: clear for the valid certificate, set once it is revoked
    number, index = issuing.status_place(certificate)

    def bit():
        import jwt
        from openbadgeslib.ob3 import decode_encoded_list

        body = client.get(f"/credentials/status/{number}/").content.decode()
        payload = jwt.decode(body, options={"verify_signature": False})
        bits = decode_encoded_list(payload["credentialSubject"]["encodedList"])
        return bool(bits[index // 8] & (0x80 >> (index % 8)))

    assert not bit()
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, revoked_at=timezone.now()
    )
    assert bit()


def test_a_genuine_credential_past_its_renewal_date_shows_as_expired_not_forged(
    client, learner, certificate
):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=timezone.now() - timezone.timedelta(days=800),
        expires_at=timezone.now() - timezone.timedelta(days=30),
    )
    certificate.refresh_from_db()
    client.force_login(learner)
    token = downloaded(client, certificate)
    with pytest.raises(OB3VerificationError):  # elsewhere: no longer valid
        verified(client, token)
    client.logout()
    response = client.post(
        "/credentials/verify/", {"credential": SimpleUploadedFile("badge.jwt", token.encode())}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "This certificate has expired" in text
    assert "The credential file you checked is genuine" in text
    changed = tampered(token, lambda d: d.update(name="Something else"))
    response = client.post(
        "/credentials/verify/", {"credential": SimpleUploadedFile("badge.jwt", changed.encode())}
    )
    assert response.status_code == 400


def test_the_trusts_key_file_signs_and_is_never_stored(
    client, learner, certificate, settings, tmp_path
):
    pem = issuing._new_private_pem()
    (tmp_path / "trust.pem").write_text(pem)
    settings.BRIDGE_CREDENTIAL_KEY_FILE = str(tmp_path / "trust.pem")
    client.force_login(learner)
    token = downloaded(client, certificate)
    assert not SigningKey.objects.filter(private_pem=pem).exists()
    document = client.get("/.well-known/did.json").json()
    kid = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]
    assert kid.startswith("did:web:testserver#trust-")
    assert document["verificationMethod"][0]["id"] == kid
    verified(client, token)
