"""Verification codes that read well on paper and survive being typed back."""

import io
import math
import re

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import codes, services
from certificates.models import Certificate
from courses.models import CourseCompletion
from cpd.models import CpdEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, course):
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    issued = services.certificate_issue(completion=completion)
    return services.certificate_render(certificate_id=issued.pk)


def test_a_code_has_at_least_128_bits_and_no_look_alike_characters():
    assert len(codes.ALPHABET) == 32 and not set("ILOU") & set(codes.ALPHABET)
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 128
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    assert all(re.fullmatch(rf"[{codes.ALPHABET}]{{28}}", code) for code in made)
    # every character of the alphabet turns up: the draw is not from a smaller set
    assert set("".join(made)) == set(codes.ALPHABET)


def test_grouped_in_fours_for_reading():
    code = "7K3M9ABCDEFGHJKMNPQRSTVWXYZ0"
    assert codes.grouped(code) == "7K3M-9ABC-DEFG-HJKM-NPQR-STVW-XYZ0"
    assert codes.grouped("legacy_Code-22chars__x") == "legacy_Code-22chars__x"


@pytest.mark.parametrize(
    "typed",
    [
        "{grouped}",
        "{code}",
        "{lower}",
        "{spaced}",
        "  {grouped_lower}  ",
        "{look_alikes}",
    ],
)
def test_verification_accepts_the_code_however_it_is_typed(client, certificate, typed):
    code = certificate.code
    spaced = " ".join(code[i : i + 4] for i in range(0, 28, 4))
    typed = typed.format(
        code=code,
        grouped=certificate.grouped_code,
        lower=code.lower(),
        spaced=spaced,
        grouped_lower=certificate.grouped_code.lower(),
        look_alikes=code.replace("0", "O").replace("1", "l"),
    )
    form = client.get(reverse("certificates:verify"), {"code": typed})
    assert form.status_code == 302
    assert form["Location"] == reverse("certificates:verify_code", args=[code])
    page = client.get(form["Location"])
    assert page.status_code == 200 and "This certificate is valid" in page.content.decode()
    # and typed straight into the address bar
    direct = client.get(f"/verify/{typed.strip().replace(' ', '%20')}/")
    assert direct.status_code in (200, 302)
    if direct.status_code == 302:
        assert direct["Location"] == reverse("certificates:verify_code", args=[code])


def test_a_code_one_character_off_is_not_found(client, certificate):
    code = certificate.code
    other = codes.ALPHABET[(codes.ALPHABET.index(code[5]) + 1) % 32]
    wrong = code[:5] + other + code[6:]
    assert client.get(f"/verify/{wrong}/").status_code == 404


def test_a_certificate_issued_with_an_older_code_still_verifies(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(code="Ab3_dE-fGh1jKlMn0pQrSt")
    response = client.get("/verify/Ab3_dE-fGh1jKlMn0pQrSt/")
    assert response.status_code == 200
    assert client.get("/verify/ab3_de-fgh1jklmn0pqrst/").status_code == 404  # case mattered


def _lines(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


def test_the_printed_link_and_code_are_never_broken_across_lines(certificate):
    with certificate.pdf.open("rb") as handle:
        lines = _lines(handle.read())
    assert any(certificate.grouped_code in line for line in lines)
    url = services.verify_url(certificate.code)
    # the link may break after a slash, but the code stays on one line, whole
    assert any(f"{certificate.code}/" in line for line in lines)
    joined = "".join(line.strip() for line in lines)
    assert url in joined


def test_the_cpd_pdf_keeps_the_code_whole_too(learner_client, certificate):
    entry = CpdEntry.objects.get(certificate=certificate)
    assert entry.evidence.endswith(f"/verify/{certificate.code}/")
    response = learner_client.get(reverse("cpd:export", args=["pdf"]), {"confirm": "1"})
    lines = _lines(response.content)
    assert any(certificate.code in line for line in lines)
