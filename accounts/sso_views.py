"""Single sign-on's screens: the start (to the provider), the callback (back from it), and the
page where the owner of an existing account proves it is theirs before it is linked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from core import ratelimit
from core.errors import error_response

from . import services, sso
from .forms import VerifyForm
from .roles import landing_url

PENDING = "bridge_sso_pending"
BACKEND = "accounts.sso.SsoBackend"
ERROR_STATE = _(
    "This sign-in could not be matched to the one you started, so you have not been signed in. "
    "Start again from the sign-in page."
)
ERROR_LINK_PASSWORD = _("That is not the password of this Bridge account. Try again.")


def _refused(request, message, status):
    return error_response(
        request,
        status,
        heading=_("You have not been signed in"),
        message=message,
        back_url="/accounts/sign-in/",
    )


class SsoStart(OIDCAuthenticationRequestView):
    """To the provider, with state, nonce and a PKCE challenge kept in the session."""

    get_settings = staticmethod(sso.oidc_setting)

    def __init__(self, *args, **kwargs):  # the library reads the endpoint here; Bridge, per call
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not sso.enabled():
            return error_response(request, 404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except sso.SsoError as problem:
            return _refused(request, problem.message, problem.status)
        self.OIDC_RP_CLIENT_ID = sso.config()["CLIENT_ID"]
        return super().get(request)


class SsoCallback(OIDCAuthenticationCallbackView):
    """Back from the provider: every refusal is a page that says why, with a 4xx (or a 502 when
    the provider cannot be reached)."""

    get_settings = staticmethod(sso.oidc_setting)

    def get(self, request):
        if not sso.enabled():
            return error_response(request, 404)
        try:
            return super().get(request)
        except SuspiciousOperation:
            return _refused(request, ERROR_STATE, 400)
        except sso.SsoNeedsProof as step:
            request.session[PENDING] = {"user_id": step.user.pk, **step.identity}
            return redirect("accounts:sso_link")
        except sso.SsoError as problem:
            return _refused(request, problem.message, problem.status)

    def login_failure(self):
        return _refused(self.request, sso.ERROR_REFUSED, 403)

    def login_success(self):
        self.user.backend = BACKEND
        response = super().login_success()
        if not self.request.session.get("oidc_login_next"):
            return redirect(landing_url(self.user))
        return response


@require_http_methods(["GET", "POST"])
def sso_link(request):
    """An account with the provider's address exists: its password links it, once."""
    pending = request.session.get(PENDING)
    if not pending:
        return error_response(request, 404)
    from .models import User

    account = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    if account is None:
        return error_response(request, 404)
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, scope="sso-link", limit=10):
            return error_response(request, 429, message=_("Too many tries. Wait a minute."))
        if form.is_valid():
            proved = authenticate(
                request, username=account.email, password=form.cleaned_data["password"]
            )
            if proved is not None and proved.pk == account.pk:
                identity = {k: pending[k] for k in ("issuer", "subject", "claims")}
                user = services.sso_identity_link(user=account, identity=identity)
                del request.session[PENDING]
                login(request, user, backend=BACKEND)
                messages.success(
                    request, _("Your NHS account is linked. Next time, sign in with it.")
                )
                return redirect(landing_url(user))
            form.add_error("password", ERROR_LINK_PASSWORD)
        status = 400
    return render(
        request, "accounts/sso_link.html", {"form": form, "email": account.email}, status=status
    )
