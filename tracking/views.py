from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.services import audit_record
from core.http import personal_download
from organisation.models import StaffProfile

from . import personal_data, selectors


@require_GET
@login_required
def my_team(request):
    """A line manager's direct reports and their training: nobody else's."""
    reports = StaffProfile.objects.filter(
        line_manager__user=request.user, status=StaffProfile.Status.ACTIVE
    )
    rows = sorted(
        selectors.compliance_rows(profiles=reports),
        key=lambda r: (r.compliant, r.due or r.expires_on or r.profile.joined_on),
    )
    status = 200 if reports.exists() else 404
    return render(request, "tracking/my_team.html", {"rows": rows}, status=status)


@require_GET
@login_required
@personal_download
def my_data(request, export_format: str = ""):
    """Subject access: everything Bridge holds about the signed-in person, as JSON or PDF."""
    if not export_format:
        return render(request, "tracking/my_data.html")
    if export_format not in ("json", "pdf"):
        raise Http404("Unknown format")
    data = personal_data.subject_access_export(user=request.user)
    audit_record(
        actor=request.user, action="person.subject_access", obj=request.user, format=export_format
    )
    if export_format == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="my-bridge-data.json"'
        return response
    response = HttpResponse(
        personal_data.subject_access_pdf(data=data), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="my-bridge-data.pdf"'
    return response
