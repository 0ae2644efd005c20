"""The law in the admin: the register at a glance, and recording a change to a provision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from core.admin import AdminPageMixin

from . import selectors, services
from .forms import ChangeForm, RetrainForm
from .models import Provision, ProvisionChange


class Overview(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = "law.view_provision"
    page_title = _("The law")
    header_icon = "doc-full"
    template_name = "law/admin/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provisions"] = Provision.objects.all()
        context["flags"] = selectors.open_flags()
        context["changes"] = ProvisionChange.objects.select_related("provision")[:50]
        context["can_record"] = self.request.user.has_perm("law.add_provisionchange")
        return context


class RecordChange(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = "law.add_provisionchange"
    header_icon = "doc-full"
    template_name = "law/admin/record_change.html"

    def get_page_title(self):
        return _("Record a change in the law")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provision"] = self.provision
        context["form"] = form or ChangeForm()
        return context

    def dispatch(self, request, *args, provision_id: int, **kwargs):
        self.provision = get_object_or_404(Provision, pk=provision_id)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        form = ChangeForm(request.POST)
        if form.is_valid():
            try:
                change = services.provision_change_record(
                    provision=self.provision, actor=request.user, **form.cleaned_data
                )
            except services.LawError as error:
                form.add_error(None, error.message)
            else:
                if change.applied_at:
                    messages.success(
                        request,
                        _("Recorded and applied: the content citing it is flagged for review."),
                    )
                else:
                    messages.success(
                        request,
                        _("Recorded. It applies on %(day)s.")
                        % {"day": date_format(change.effective_on, "j F Y")},
                    )
                return redirect("law_admin:overview")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class Retrain(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """L&D assign the revised course to the people in their scope trained on the old law."""

    permission_required = "tracking.add_assignment"
    header_icon = "calendar-check"
    template_name = "law/admin/retrain.html"

    def get_page_title(self):
        return _("Assign the revised course")

    def dispatch(self, request, *args, change_id: int, **kwargs):
        self.change = get_object_or_404(
            ProvisionChange.objects.select_related("provision"),
            pk=change_id,
            applied_at__isnull=False,
        )
        return super().dispatch(request, *args, **kwargs)

    def courses(self):
        """Each course whose certificates cited the provision, with how many people in the
        user's scope were trained on it before the change."""
        return selectors.trained_before_by_course(change=self.change, user=self.request.user)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        courses = self.courses()
        context.update(
            change=self.change,
            courses=courses,
            form=form or RetrainForm(courses=courses),
        )
        return context

    def post(self, request):
        courses = self.courses()
        form = RetrainForm(request.POST, courses=courses)
        if form.is_valid():
            course = next(c for c, _n in courses if c.pk == form.cleaned_data["course"])
            try:
                assigned = services.retraining_assign(
                    change=self.change,
                    course=course,
                    due_date=form.cleaned_data["due_date"],
                    actor=request.user,
                )
            except services.LawError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The revised course is assigned to %(n)s person.",
                        "The revised course is assigned to %(n)s people.",
                        assigned,
                    )
                    % {"n": assigned},
                )
                return redirect("law_admin:overview")
        return self.render_to_response(self.get_context_data(form=form), status=400)
