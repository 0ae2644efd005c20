"""A course's SCORM packages in the admin: export one for an LMS, download it again, stop it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.admin import AdminPageMixin
from courses.models import CoursePage

from . import package, selectors, services
from .models import Dispatch

PERMISSION = "scorm.add_dispatch"


def may_export(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class ExportForm(forms.Form):
    version = forms.ChoiceField(
        label=_("SCORM version"),
        choices=Dispatch.Version.choices,
        initial=Dispatch.Version.SCORM_12,
        widget=forms.RadioSelect,
        help_text=_("ESR's Oracle Learning Management plays SCORM 1.2 and SCORM 2004."),
    )
    lms_name = forms.CharField(
        label=_("The LMS it is for"),
        max_length=120,
        initial="ESR",
        help_text=_("Learners see this name when they link their record, for example 'ESR'."),
    )


class _CourseMixin(AdminPageMixin):
    def dispatch(self, request, *args, **kwargs):
        if not may_export(request.user):
            raise PermissionDenied
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        return super().dispatch(request, *args, **kwargs)

    def base_url(self) -> str:
        return self.request.build_absolute_uri("/")

    def download(self, dispatch: Dispatch) -> HttpResponse:
        response = HttpResponse(
            package.build(dispatch, base_url=self.base_url()), content_type="application/zip"
        )
        response["Content-Disposition"] = f'attachment; filename="{package.filename(dispatch)}"'
        return response


class CourseExport(_CourseMixin, TemplateView):
    template_name = "scorm/admin/export.html"
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("SCORM packages: %(course)s") % {"course": self.course.title}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "course": self.course,
            "form": kwargs.get("form") or ExportForm(),
            "dispatches": selectors.dispatches_for_course(self.course),
        }

    def post(self, request, course_id):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not self.course.live:
            form.add_error(None, _("Publish the course before exporting it."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        dispatch = services.dispatch_create(
            course=self.course,
            version=form.cleaned_data["version"],
            lms_name=form.cleaned_data["lms_name"],
            user=request.user,
        )
        return self.download(dispatch)


class DispatchAction(_CourseMixin, TemplateView):
    """``download`` (GET) the package again, or ``stop`` it (POST)."""

    http_method_names = ["get", "post"]

    def _dispatch(self, dispatch_id) -> Dispatch:
        found = Dispatch.objects.filter(pk=dispatch_id, course=self.course).first()
        if found is None:
            raise Http404
        return found

    def get(self, request, course_id, dispatch_id):
        dispatch = self._dispatch(dispatch_id)
        if dispatch.stopped:
            raise Http404
        return self.download(dispatch)

    def post(self, request, course_id, dispatch_id):
        dispatch = services.dispatch_stop(dispatch=self._dispatch(dispatch_id))
        messages.success(
            request,
            _("The %(lms)s package is stopped: it no longer opens the course or reports.")
            % {"lms": dispatch.lms_name},
        )
        return redirect("scorm_export", course_id=self.course.pk)
