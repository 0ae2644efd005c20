"""L&D's export of team sessions: one row per person per closed session in their units."""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.views import View

from accounts.services import audit_record
from core.spreadsheets import DATE, NUMBER, Column, Table
from tracking import selectors as tracking_selectors

from . import selectors


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


SESSIONS = Table(
    [
        Column("date", lambda a: timezone.localdate(a.session.starts_at), kind=DATE),
        Column("session", lambda a: a.session.title),
        Column("course", lambda a: a.session.course.title),
        Column("team", lambda a: a.session.unit.name),
        Column(
            "facilitator",
            lambda a: a.session.facilitator.get_full_name() or a.session.facilitator.email,
        ),
        Column("facilitator's role", lambda a: a.session.get_facilitator_role_display()),
        Column("name", lambda a: a.user.get_full_name() or a.user.email),
        Column("e-mail", lambda a: a.user.email),
        Column("guest", lambda a: "yes" if a.guest else "no"),
        Column("signed in by", lambda a: a.get_method_display()),
        Column("arrived", lambda a: _local(a.arrived_at)),
        Column("left", lambda a: _local(a.left_at) or _local(a.session.ends_at)),
        Column("participatory hours", "hours", kind=NUMBER),
    ]
)


class Export(PermissionRequiredMixin, View):
    permission_required = tracking_selectors.COMPLIANCE_PERMISSION

    def get(self, request):
        paths = tracking_selectors.visible_unit_paths(request.user)
        audit_record(actor=request.user, action="teamsession.export", obj=None, format="csv")
        return SESSIONS.csv_response(selectors.export_rows(paths=paths), "team-sessions")
