"""Single sign-on through the trust's OpenID Connect provider (Microsoft Entra ID, or any other).

mozilla-django-oidc runs the authorization code flow with PKCE, state and nonce; this module
gives it the provider's endpoints from the issuer's discovery document, checks what the library
leaves unchecked (the token's issuer, audience and authorised party; the tenant), and hands the
claims to ``services.sso_sign_in``, which finds or makes the account. Every refusal is an
``SsoError`` with the status and message the person sees.
"""

from __future__ import annotations

from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

DISCOVERY_SECONDS = 60 * 60
ENDPOINT_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class SsoError(Exception):
    def __init__(self, message, *, status: int = 403):
        super().__init__(str(message))
        self.message, self.status = message, status


class SsoNeedsProof(Exception):
    """An account with this address exists already: its owner must prove it is theirs."""

    def __init__(self, user, identity: dict):
        super().__init__(user.email)
        self.user, self.identity = user, identity


ERROR_UNAVAILABLE = _(
    "The NHS sign-in service could not be reached. Try again in a few minutes, or sign in with "
    "your Bridge password if you have one."
)
ERROR_TOKEN = _(
    "Your NHS sign-in could not be checked, so you have not been signed in. Start again from the "
    "sign-in page."
)
ERROR_EXPIRED = _(
    "Your NHS sign-in took too long and has expired. Start again from the sign-in page."
)
ERROR_TENANT = _(
    "Your NHS account belongs to an organisation that does not use Bridge through this trust. "
    "Ask your L&D team how to get access."
)
ERROR_NO_EMAIL = _(
    "Your NHS account did not give Bridge an e-mail address, so you cannot be signed in. Ask your "
    "IT service desk to add one."
)
ERROR_DISABLED = _(
    "Your Bridge account is switched off. Ask your L&D team if you think this is a mistake."
)
ERROR_REFUSED = _("The NHS sign-in service did not sign you in. Start again from the sign-in page.")


def config() -> dict:
    return settings.BRIDGE_SSO


def enabled() -> bool:
    sso = config()
    return bool(sso["ISSUER"] and sso["CLIENT_ID"])


def provider() -> dict:
    """The issuer's discovery document (remembered for an hour)."""
    issuer = config()["ISSUER"]
    key = f"bridge:sso:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                issuer + "/.well-known/openid-configuration", timeout=config()["TIMEOUT"]
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise SsoError(ERROR_UNAVAILABLE, status=502) from error
        if document.get("issuer", "").rstrip("/") != issuer:
            raise SsoError(ERROR_UNAVAILABLE, status=502)
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def oidc_setting(attr: str, *args):
    """What mozilla-django-oidc asks for: endpoints from discovery, the client from BRIDGE_SSO."""
    if attr in ENDPOINT_SETTINGS:
        return provider()[ENDPOINT_SETTINGS[attr]]
    if attr == "OIDC_RP_CLIENT_ID":
        return config()["CLIENT_ID"]
    if attr == "OIDC_RP_CLIENT_SECRET":
        return config()["CLIENT_SECRET"]
    if attr == "OIDC_RP_SCOPES":
        return config()["SCOPES"]
    from mozilla_django_oidc.utils import import_from_settings

    return import_from_settings(attr, *args)


def end_session_url(request, id_token: str | None) -> str | None:
    """Where to send someone who signs out, so the provider ends its session too."""
    if not enabled() or not id_token:
        return None
    try:
        endpoint = provider().get("end_session_endpoint")
    except SsoError:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
            "client_id": config()["CLIENT_ID"],
        }
    )
    return f"{endpoint}?{query}"


class SsoBackend(OIDCAuthenticationBackend):
    """Answers the provider's callback only, and only when single sign-on is configured."""

    def __init__(self, *args, **kwargs):
        # The library reads every endpoint here; this backend reads them at the callback.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "nonce" not in kwargs:
            return None  # a password sign-in: not this backend's
        for attr in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"):
            setattr(self, attr, oidc_setting(attr))
        self.OIDC_RP_CLIENT_ID = config()["CLIENT_ID"]
        self.OIDC_RP_CLIENT_SECRET = config()["CLIENT_SECRET"]
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except jwt.ExpiredSignatureError as error:
            raise SsoError(ERROR_EXPIRED, status=401) from error
        except jwt.InvalidTokenError as error:
            raise SsoError(ERROR_TOKEN, status=400) from error
        except requests.HTTPError as error:
            # The provider refused the code (issued to another client, used already) or the
            # token: the sign-in cannot be trusted. A 5xx means it is having trouble.
            response = error.response
            if response is not None and 400 <= response.status_code < 500:
                raise SsoError(ERROR_TOKEN, status=400) from error
            raise SsoError(ERROR_UNAVAILABLE, status=502) from error
        except requests.RequestException as error:
            raise SsoError(ERROR_UNAVAILABLE, status=502) from error

    def verify_token(self, token, **kwargs):
        """The library checks the signature, expiry and nonce; Bridge also checks who issued the
        token and for whom."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        client_id = config()["CLIENT_ID"]
        if str(payload.get("iss", "")).rstrip("/") != config()["ISSUER"]:
            raise SsoError(ERROR_TOKEN, status=400)
        if client_id not in audiences or (
            len(audiences) > 1 and payload.get("azp") not in (None, client_id)
        ):
            raise SsoError(ERROR_TOKEN, status=400)
        self._id_claims = payload
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        from . import services

        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") not in (None, payload.get("sub")):
            raise SuspiciousOperation("userinfo is for another subject")
        claims = {**userinfo, **payload}  # the signed token's claims win
        return services.sso_sign_in(issuer=config()["ISSUER"], claims=claims)
