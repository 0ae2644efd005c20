"""The admin's registration link: a platform given it registers itself with Bridge (LTI Dynamic
Registration), once, within the hour."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.admin import AdminPageMixin

from . import services

PERMISSION = "lti_tool.add_ltiregistration"


class RegistrationLink(AdminPageMixin, TemplateView):
    template_name = "lti/admin/registration_link.html"
    page_title = _("Register a platform by link")
    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = services.registration_link_make(user=self.request.user)
        context["link"] = settings.BASE_URL.rstrip("/") + reverse("lti:register", args=[token])
        context["hours"] = services.REGISTRATION_LINK_LASTS // 3600
        return context
