from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import ratelimit
from core.errors import error_response
from core.http import personal_download
from law import selectors as law_selectors

from . import codes, selectors, services

VERIFY_LIMIT_PER_MINUTE = 20
# Unknown codes from all addresses together, per minute: far above honest use, far below guessing.
VERIFY_MISSES_PER_MINUTE = 300


@require_GET
@login_required
def for_completion(request, completion_id: int):
    certificate = services.certificate_for_completion(
        completion_id=completion_id, user=request.user
    )
    if certificate is None:
        raise Http404("No certificate")
    return redirect("certificates:download", code=certificate.code)


@require_GET
@login_required
@personal_download
def download(request, code: str):
    certificate = selectors.certificate_for_download(code=code, user=request.user)
    if certificate is None:
        raise Http404("No certificate")
    if not certificate.sha256:
        certificate = services.certificate_render(certificate_id=certificate.pk)
    filename = f"bridge-certificate-{certificate.completed_at:%Y-%m-%d}.pdf"
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=filename,
    )
    return response


def _too_many(request):
    return error_response(
        request,
        429,
        heading=_("Too many checks"),
        message=_("You have checked too many codes. Wait a minute and try again."),
    )


@require_GET
def verify(request):
    code = request.GET.get("code", "").strip()[:100]
    error = ""
    if "code" in request.GET:
        stored = codes.normalise(code)
        if stored is not None:
            return redirect("certificates:verify_code", code=stored)
        error = (
            _("Enter the verification code")
            if not code
            else _(
                "Enter the verification code as it is printed on the certificate: 28 letters "
                "and numbers, like 7K3M-9ABC-…"
            )
        )
    status = 400 if error else 200
    return render(
        request, "certificates/verify_form.html", {"code": code, "error": error}, status=status
    )


@require_GET
def verify_code(request, code: str):
    if not ratelimit.allow(request, scope="verify", limit=VERIFY_LIMIT_PER_MINUTE):
        return _too_many(request)
    certificate = selectors.certificate_by_code(code)
    if certificate is not None and certificate.code != code:
        # Typed with spaces, hyphens or in lower case: one address per certificate.
        return redirect("certificates:verify_code", code=certificate.code)
    if certificate is None:
        # Misses are also counted across every address, so guesses spread over many addresses
        # meet a limit too; real codes are never refused by it.
        misses = ratelimit.count(scope="verify-miss", subject="all", window=60)
        if misses > VERIFY_MISSES_PER_MINUTE:
            return _too_many(request)
        return render(
            request, "certificates/verify_not_found.html", {"code": code[:64]}, status=404
        )
    return render(
        request,
        "certificates/verify_result.html",
        {
            "certificate": certificate,
            "law_before": law_selectors.law_before([certificate]).get(certificate.pk),
            "verify_form_url": reverse("certificates:verify"),
        },
    )
