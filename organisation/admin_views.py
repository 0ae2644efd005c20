"""The ESR staff import in the Wagtail admin (upload, a dry run, then all or nothing), and the
registration numbers L&D confirm."""

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.services import registration_confirm
from core.admin import AdminPageMixin

from . import selectors
from .forms import StaffImportForm
from .services import staff_import


def _counts(report) -> dict[str, int]:
    return {action: report.count(action) for action in ("create", "update", "unchanged", "error")}


class StaffImportView(PermissionRequiredMixin, AdminPageMixin, View):
    """Upload, check (a dry run), then import. The checked file waits in the cache for 30 min."""

    permission_required = "organisation.add_staffprofile"
    page_title = _("Import staff from ESR")
    header_icon = "upload"
    template_name = "organisation/admin/import.html"

    def get(self, request):
        return render(request, self.template_name, self.get_context_data(form=StaffImportForm()))

    def post(self, request):
        if "token" in request.POST:
            return self.commit(request)
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = upload.read(5 * 1024 * 1024 + 1)
        report = staff_import(data=data, filename=upload.name, actor=request.user, dry_run=True)
        token = ""
        if report.ok:
            token = hashlib.sha256(data).hexdigest()
            cache.set(self._key(request, token), (upload.name, data), 30 * 60)
        status = 200 if report.ok else 400
        context = self.get_context_data(
            form=StaffImportForm(), report=report, token=token, counts=_counts(report)
        )
        return render(request, self.template_name, context, status=status)

    def commit(self, request):
        token = request.POST.get("token", "")[:64]
        stored = cache.get(self._key(request, token))
        if stored is None:
            messages.error(request, _("The checked file has expired. Upload it again."))
            return redirect("organisation_admin:import")
        filename, data = stored
        report = staff_import(data=data, filename=filename, actor=request.user, dry_run=False)
        cache.delete(self._key(request, token))
        if not report.committed:
            context = self.get_context_data(
                form=StaffImportForm(), report=report, counts=_counts(report)
            )
            return render(request, self.template_name, context, status=400)
        messages.success(
            request,
            _("Imported: %(c)s new, %(u)s updated, %(n)s unchanged.")
            % {
                "c": report.count("create"),
                "u": report.count("update"),
                "n": report.count("unchanged"),
            },
        )
        return redirect("wagtailsnippets_organisation_staffprofile:list")

    def _key(self, request, token: str) -> str:
        return f"staff-import:{request.user.pk}:{token}"


class RegistrationList(PermissionRequiredMixin, AdminPageMixin, View):
    """Registration numbers people gave, beside the PIN ESR holds, for L&D to confirm against the
    professional register. Until confirmed, certificates call a number self-declared."""

    permission_required = "organisation.change_staffprofile"
    page_title = _("Registration numbers")
    header_icon = "user"
    template_name = "organisation/admin/registrations.html"

    def get(self, request):
        show = "all" if request.GET.get("show") == "all" else "unconfirmed"
        rows = Paginator(selectors.registrations_to_confirm(request.user, show=show), 50).get_page(
            request.GET.get("p")
        )
        return render(request, self.template_name, self.get_context_data(page_obj=rows, show=show))


class RegistrationConfirm(PermissionRequiredMixin, View):
    permission_required = "organisation.change_staffprofile"
    http_method_names = ["post"]

    def post(self, request, profile_id: int):
        profile = (
            selectors.registrations_to_confirm(request.user, show="all")
            .filter(pk=profile_id)
            .first()
        )
        if profile is None:
            raise Http404("No such person in your units")
        registration_confirm(actor=request.user, user=profile.user)
        messages.success(
            request,
            _("%(name)s's registration number is confirmed. New certificates show it as checked.")
            % {"name": profile.user.get_full_name() or profile.user.email},
        )
        return redirect("organisation_admin:registrations")
