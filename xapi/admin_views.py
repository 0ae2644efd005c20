"""The outbox's screen, for admins: what has gone to the learning record store, what waits and
why, and a button to send what is due now."""

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.admin import AdminPageMixin

from . import selectors, services


class Outbox(UserPassesTestMixin, AdminPageMixin, TemplateView):
    page_title = _("Learning record store")
    template_name = "xapi/outbox.html"
    http_method_names = ["get", "post"]

    def test_func(self):
        return self.request.user.is_superuser

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **selectors.outbox_summary(),
            "configured": services.configured(),
        }

    def post(self, request):
        from .tasks import deliver_statements

        deliver_statements.delay()
        messages.success(request, _("Sending what is due. Refresh in a minute to see the result."))
        return redirect("xapi_outbox")
