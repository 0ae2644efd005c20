"""A certificate's portable credential, the issuer's DID document, its revocation lists, and the
verify page's check of a credential file."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certificates import services as certificate_services
from core import ratelimit
from core.errors import error_response
from core.http import personal_download
from law import selectors as law_selectors

from . import issuing, selectors, verification

VC_JWT = "application/vc+jwt"


@require_GET
@login_required
@personal_download
def credential(request, code: str):
    certificate = selectors.certificate_for_credential(code=code, user=request.user)
    if certificate is None:
        raise Http404("No certificate")
    response = HttpResponse(issuing.credential_jwt(certificate), content_type=VC_JWT)
    filename = f"bridge-open-badge-{certificate.completed_at:%Y-%m-%d}.jwt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def for_completion(request, completion_id: int):
    """The credential of a completion's certificate (from the course page and My training)."""
    certificate = certificate_services.certificate_for_completion(
        completion_id=completion_id, user=request.user
    )
    if certificate is None:
        raise Http404("No certificate")
    return redirect("credentials:credential", code=certificate.code)


@require_GET
def did_document(request):
    response = JsonResponse(issuing.did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def status_list(request, number: int):
    if number > 10_000:
        raise Http404("No such list")
    response = HttpResponse(
        issuing.status_list_jwt(number, selectors.revoked_indices(number)), content_type=VC_JWT
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"  # a revocation shows within a minute
    return response


@require_POST
def verify_file(request):
    if not ratelimit.allow(request, scope="verify", limit=20):
        return error_response(
            request,
            429,
            heading=_("Too many checks"),
            message=_("You have checked too many credentials. Wait a minute and try again."),
        )
    upload = request.FILES.get("credential")
    error = ""
    if upload is None:
        error = _("Choose the credential file to check")
    elif upload.size > verification.MAX_BYTES:
        error = _("The file is too large to be a credential: it must be under 64 KB")
    else:
        try:
            token = upload.read(verification.MAX_BYTES + 1).decode("ascii")
            checked = verification.check(token)
        except UnicodeDecodeError:
            error = _("This is not an Open Badges credential file (a signed JWT).")
        except verification.NotGenuine as problem:
            error = str(problem)
    if error:
        return render(
            request,
            "certificates/verify_form.html",
            {"file_error": error, "code": ""},
            status=400,
        )
    certificate = checked.certificate
    return render(
        request,
        "certificates/verify_result.html",
        {
            "certificate": certificate,
            "law_before": law_selectors.law_before([certificate]).get(certificate.pk),
            "verify_form_url": reverse("certificates:verify"),
            "from_credential": True,
        },
    )
