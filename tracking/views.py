from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisation.models import StaffProfile

from . import selectors


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
