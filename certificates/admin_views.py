"""Certificates in the Wagtail admin: find one, inspect it, revoke it with a reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from accounts.models import AuditEvent
from core.admin import AdminPageMixin
from law import selectors as law_selectors

from . import selectors, services
from .models import Certificate


class CertificateList(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = "certificates.view_certificate"
    page_title = _("Certificates")
    header_icon = "doc-full"
    template_name = "certificates/admin/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        queryset = selectors.certificates_visible_to(self.request.user)
        if query:
            queryset = queryset.filter(
                Q(code=query) | Q(learner_name__icontains=query) | Q(user__email__iexact=query)
            )
        page = Paginator(queryset, 50).get_page(self.request.GET.get("p"))
        page.object_list = list(page.object_list)  # read once; each row gets its law note
        law_before = law_selectors.law_before(page.object_list)
        for certificate in page.object_list:
            certificate.law_before = law_before.get(certificate.pk)
        context["page_obj"] = page
        context["query"] = query
        return context


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this certificate being revoked?"), widget=forms.Textarea, max_length=2000
    )


class CertificateRevoke(PermissionRequiredMixin, AdminPageMixin, FormView):
    permission_required = "certificates.change_certificate"
    header_icon = "doc-full"
    template_name = "certificates/admin/revoke.html"
    form_class = RevokeForm

    def get_page_title(self):
        return _("Revoke a certificate")

    def dispatch(self, request, *args, **kwargs):
        self.certificate = get_object_or_404(Certificate, pk=kwargs["certificate_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.certificate
        context["events"] = AuditEvent.objects.filter(
            object_type="certificates.certificate", object_id=str(self.certificate.pk)
        ).select_related("actor")
        return context

    def form_valid(self, form):
        services.certificate_revoke(
            certificate=self.certificate,
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )
        messages.success(
            self.request, _("The certificate is revoked. The verify page now says so.")
        )
        return redirect("certificates_admin:list")
