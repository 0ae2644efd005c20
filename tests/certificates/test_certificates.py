import io

import pypdf
import pytest
from django.urls import reverse

from certificates import rendering, services
from certificates.models import Certificate
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(issued_certificate):
    return services.certificate_render(certificate_id=issued_certificate.pk)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_states_name_course_hours_code_and_outcomes(certificate):
    with certificate.pdf.open("rb") as handle:
        data = handle.read()
    text = pdf_text(data)
    for expected in (
        "Siân O'Connor-Ñúñez",
        "Working with IMHAs",
        "2 hours 30 minutes",
        certificate.code,
        certificate.grouped_code,
        "Explain the IMHA role.",
        "NMC",
        "12A3456E",
        "1 November 2026",
    ):
        assert expected in text.replace("\n", " ") or expected in text, expected
    assert "Content version" not in text and "participatory" not in text.lower()


def test_pdf_is_tagged_for_accessibility(certificate):
    with certificate.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(handle)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root.get("/Lang") == "en-GB"


def test_issue_is_idempotent_and_the_database_allows_one_per_completion(certificate):
    again = services.certificate_issue(completion=certificate.completion)
    assert again.pk == certificate.pk
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            completion=certificate.completion,
            user=certificate.user,
            course=certificate.course,
            learner_name="x",
            course_title="x",
            cpd_hours=1,
            law_as_at=certificate.law_as_at,
            completed_at=certificate.completed_at,
        )


def test_rendering_twice_keeps_one_file_and_the_same_hash(certificate):
    name, digest = certificate.pdf.name, certificate.sha256
    again = services.certificate_render(certificate_id=certificate.pk)
    assert (again.pdf.name, again.sha256) == (name, digest)


def test_expiry_follows_the_course_renewal_period(certificate):
    assert certificate.expires_at.year == certificate.completed_at.year + 3


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/a.css"]
)
def test_the_renderer_refuses_files_and_network(url):
    html = f'<html><body><img src="{url}" alt=""><p>Hi</p></body></html>'
    with pytest.raises(rendering.RenderError, match="disallowed protocol"):
        rendering.render_pdf(html)


class TestDownload:
    def url(self, certificate):
        return reverse("certificates:download", args=[certificate.code])

    def test_owner_downloads_the_same_bytes_every_time(self, client, learner, certificate):
        client.force_login(learner)
        first = b"".join(client.get(self.url(certificate)).streaming_content)
        second = b"".join(client.get(self.url(certificate)).streaming_content)
        assert first == second
        assert first.startswith(b"%PDF")
        import hashlib

        assert hashlib.sha256(first).hexdigest() == certificate.sha256

    def test_another_learner_gets_404(self, client, other_learner, certificate):
        client.force_login(other_learner)
        assert client.get(self.url(certificate)).status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, client, certificate):
        response = client.get(self.url(certificate))
        assert response.status_code == 302
        assert "sign-in" in response["Location"]

    def test_staff_admin_can_download(self, client, staff_admin, certificate):
        client.force_login(staff_admin)
        assert client.get(self.url(certificate)).status_code == 200

    def test_completion_link_only_works_for_the_owner(
        self, client, learner, other_learner, certificate
    ):
        url = reverse("certificates:for_completion", args=[certificate.completion_id])
        client.force_login(other_learner)
        assert client.get(url).status_code == 404
        client.force_login(learner)
        assert client.get(url)["Location"] == self.url(certificate)

    def test_the_file_is_not_under_media(self, certificate, settings):
        assert not certificate.pdf.path.startswith(str(settings.MEDIA_ROOT))


class TestVerify:
    def test_valid_certificate_shows_only_what_it_certifies(self, client, certificate, learner):
        response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "This certificate is valid" in html
        assert "Siân O&#x27;Connor-Ñúñez" in html or "Siân O'Connor-Ñúñez" in html
        assert "Working with IMHAs" in html
        assert certificate.sha256 in html
        assert learner.email not in html
        assert "12A3456E" not in html

    def test_revoked_certificate_says_so_with_the_date(self, client, certificate, staff_admin):
        services.certificate_revoke(
            certificate=certificate, reason="Issued in error", actor=staff_admin
        )
        html = client.get(
            reverse("certificates:verify_code", args=[certificate.code])
        ).content.decode()
        assert "This certificate has been revoked" in html
        assert "Issued in error" not in html

    def test_revoking_needs_a_reason(self, certificate, staff_admin):
        with pytest.raises(ValueError):
            services.certificate_revoke(certificate=certificate, reason="  ", actor=staff_admin)

    @pytest.mark.parametrize("code", ["A" * 22, "short", "x" * 65, "../../etc/passwd", "%00"])
    def test_unknown_or_tampered_codes_get_a_plain_404(self, client, code):
        response = client.get(f"/verify/{code}/")
        assert response.status_code == 404
        assert (
            "Certificate not found" in response.content.decode()
            or "Page not found" in response.content.decode()
        )

    def test_typed_code_redirects_to_its_page(self, client, certificate):
        response = client.get(reverse("certificates:verify"), {"code": f"  {certificate.code} "})
        assert response["Location"] == reverse("certificates:verify_code", args=[certificate.code])

    def test_a_malformed_typed_code_gets_a_400_with_a_message(self, client):
        response = client.get(reverse("certificates:verify"), {"code": "<script>"})
        assert response.status_code == 400
        assert "Enter the verification code as it is printed" in response.content.decode()

    def test_guessing_is_rate_limited(self, client):
        statuses = [client.get(f"/verify/{'B' * 22}{i:02d}/").status_code for i in range(25)]
        assert statuses[:20] == [404] * 20
        assert statuses[-1] == 429


def test_qr_code_encodes_the_verify_url(certificate):
    url = services.verify_url(certificate.code)
    assert url.endswith(f"/verify/{certificate.code}/")
    assert rendering.qr_data_uri(url).startswith("data:image/svg+xml;base64,")


def test_the_certificates_qr_png_holds_every_module_of_the_verify_urls_code(certificate):
    """The printed QR is a PNG: read back pixel by pixel, it is the code of the verify URL."""
    import base64
    import io

    import segno
    from PIL import Image

    url = services.verify_url(certificate.code)
    uri = rendering.qr_data_uri(url, kind="png")
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("L")
    matrix = segno.make(url, error="m").matrix
    scale, border = rendering.QR_PNG_SCALE, 4
    assert image.size[0] == (len(matrix) + 2 * border) * scale
    read = [
        [
            image.getpixel(((x + border) * scale + scale // 2, (y + border) * scale + scale // 2))
            < 128
            for x in range(len(matrix))
        ]
        for y in range(len(matrix))
    ]
    assert read == [[bool(cell) for cell in row] for row in matrix]
    html = rendering.certificate_html(certificate, verify_url=url)
    assert uri in html


def test_builders_make_distinct_learners():
    assert builders.make_user().email != builders.make_user().email
