"""The L&D pages in the Wagtail admin: compliance dashboard, exports, assignments, staff import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.models import User
from accounts.services import audit_record
from core.admin import AdminPageMixin
from organisation import selectors as organisation_selectors
from quizzes import analytics
from quizzes.models import Quiz

from . import exports, personal_data, selectors, services
from . import status as st
from .forms import AssignmentForm, DashboardFilter


class _LdView(PermissionRequiredMixin, AdminPageMixin):
    permission_required = selectors.COMPLIANCE_PERMISSION
    header_icon = "table"


def dashboard_data(request):
    """The filter form, the unit in view, the user's units and the filtered records (lazy)."""
    units = selectors.units_for(request.user)
    form = DashboardFilter(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("unit") and not data.get("unit"):
        raise Http404("Unit not in your scope")
    current = data.get("unit")
    records = selectors.records_in_scope(
        request.user,
        unit=current,
        role=data.get("role"),
        course=data.get("course"),
        status=data.get("status"),
        completed_from=data.get("completed_from"),
        completed_to=data.get("completed_to"),
        law=data.get("law"),
    )
    return form, current, units, records


class Dashboard(_LdView, TemplateView):
    page_title = _("Training compliance")
    template_name = "tracking/admin/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, current, units, records = dashboard_data(self.request)
        total, by_unit, by_role = selectors.compliance_summary(records, parent=current, units=units)
        people = rows = None
        if current is not None and not selectors.child_units(parent=current, units=units):
            if form.is_valid() and form.cleaned_data.get("course"):
                rows = list(selectors.record_rows(records))  # one course: each person's status
            else:
                people = selectors.people_summary(records)
        user_ids = records.filter(profile__user__isnull=False).values("profile__user_id")
        attitude = [
            (quiz, analytics.attitude_cohort(quiz=quiz, user_ids=user_ids))
            for quiz in Quiz.objects.filter(kind=Quiz.Kind.ATTITUDE).order_by("title")[:3]
        ]
        # Did practice change? Three points of the attitudes and what follow-ups report.
        from followups import selectors as followup_selectors

        later = [
            (quiz, followup_selectors.three_points(quiz=quiz, user_ids=user_ids))
            for quiz, _report in attitude
        ]
        behaviours = followup_selectors.behaviours_by_unit(
            profiles=selectors.staff_in_scope(self.request.user).filter(
                pk__in=records.values("profile_id")
            ),
            parent=current,
            units=units,
        )
        # Learning together: team sessions held in the units in view.
        from teamsessions import selectors as session_selectors

        sessions = session_selectors.units_summary(
            paths=[current.path] if current else selectors.visible_unit_paths(self.request.user)
        )
        query = self.request.GET.copy()
        query.pop("unit", None)
        context.update(
            form=form,
            current=current,
            ancestors=list(current.get_ancestors()) if current else [],
            total=total,
            by_unit=by_unit,
            by_role=by_role,
            people=people,
            rows=rows,
            statuses=st.STATUSES,
            attitude=attitude,
            later=later,
            behaviours=behaviours,
            sessions=sessions,
            filter_query=query.urlencode(),
            export_query=self.request.GET.urlencode(),
        )
        return context


class Person(_LdView, TemplateView):
    """One person's assigned training, for an L&D manager whose units they are in."""

    template_name = "tracking/admin/person.html"

    def get_context_data(self, **kwargs):
        profile = selectors.person_in_scope(self.request.user, self.kwargs["profile_id"])
        if profile is None:
            raise Http404("Nobody with that number is in your scope")
        self.page_title = profile.name
        context = super().get_context_data(**kwargs)
        context.update(
            profile=profile,
            rows=selectors.person_rows(profile),
            posts=organisation_selectors.person_posts(profile),
        )
        return context


class Export(_LdView, View):
    def get(self, request, export_format: str):
        if export_format not in ("csv", "xlsx"):
            raise Http404("Unknown format")
        _form, current, _units, records = dashboard_data(request)
        audit_record(
            actor=request.user,
            action="compliance.export",
            obj=current,
            format=export_format,
            rows=records.count(),
        )
        name = f"compliance-{current.name if current else 'all'}".replace(" ", "-").lower()[:60]
        lines = selectors.export_lines(records)
        if export_format == "csv":
            return exports.csv_response(lines, name)
        return exports.xlsx_response(lines, name)


class Assignments(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = "tracking.add_assignment"
    page_title = _("Assignments")
    header_icon = "calendar-check"
    template_name = "tracking/admin/assignments.html"

    def form(self, data=None):
        units = selectors.units_for(self.request.user)
        return AssignmentForm(data, units=units, people=selectors.staff_in_scope(self.request.user))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or self.form()
        context["assignments"] = selectors.assignments_in_scope(self.request.user)
        return context

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                services.assignment_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The course is assigned."))
                return redirect("tracking_admin:assignments")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AssignmentRemove(PermissionRequiredMixin, View):
    permission_required = "tracking.delete_assignment"

    def post(self, request, assignment_id: int):
        assignment = get_object_or_404(
            selectors.assignments_in_scope(request.user), pk=assignment_id
        )
        services.assignment_remove(actor=request.user, assignment=assignment)
        messages.success(request, _("The assignment is removed. Reminders about it stop."))
        return redirect("tracking_admin:assignments")


class PersonErase(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """Erase a person (superusers only): their identity goes, their anonymous statistics stay."""

    permission_required = "accounts.delete_user"
    page_title = _("Erase a person's identity")
    header_icon = "warning"
    template_name = "tracking/admin/erase.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = get_object_or_404(User, pk=self.kwargs["user_id"])
        return context

    def post(self, request, user_id: int):
        person = get_object_or_404(User, pk=user_id)
        if request.POST.get("confirm") != person.email:
            messages.error(request, _("Type the person's e-mail address exactly to confirm."))
            return redirect("tracking_admin:erase", user_id=user_id)
        personal_data.person_erase(user=person, actor=request.user)
        messages.success(
            request, _("The person's identity is erased. Their anonymous statistics remain.")
        )
        return redirect("tracking_admin:dashboard")
