"""The doors of Bridge as an LTI 1.3 tool: its key set, the OIDC login a platform starts, the
launch it posts back, and the pages a launch leads to (link an account and open the course, pick
a course for a teacher's deep link, a teacher's roster)."""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import login
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lti_tool.models import Key, LtiLaunch
from lti_tool.utils import DjangoToolConfig
from lti_tool.views import OIDCLoginInitView
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from . import selectors, services

SALT = "lti.launch"
LAUNCH_PAGES_LAST = 60 * 60  # a launch's pages open for an hour after it


def _refused(request, error: services.Refused, *, return_url: str | None = None):
    response = render(
        request,
        "lti/refused.html",
        {"message": error.message, "detail": error.detail, "return_url": return_url},
        status=error.status,
    )
    response.xframe_options_exempt = True  # shown inside the platform's frame when launched so
    return response


def jwks(request):
    """The public keys a platform checks Bridge's signatures with."""
    services.tool_key()
    return JsonResponse(Key.objects.as_jwks())


class LoginInit(OIDCLoginInitView):
    """OIDC third-party login initiation: straight to the platform's authorisation endpoint,
    with the state in a cookie (no script page: the site's policy allows no inline script)."""

    def get_oidc_response(self, request, registration_uuid, params):
        if (
            not params.get("target_link_uri")
            or not params.get("iss")
            or not params.get("login_hint")
        ):
            return _refused(
                request,
                services.Refused(
                    400,
                    "This is not a launch from a learning platform.",
                    "missing iss, login_hint or target_link_uri",
                ),
            )
        services.tool_key()
        login_init = DjangoOIDCLogin(
            request,
            DjangoToolConfig(registration_uuid),
            launch_data_storage=DjangoCacheDataStorage(),
        )
        try:
            return login_init.redirect(reverse_absolute(request, "lti:launch"))
        except (OIDCException, LtiException) as error:
            return _refused(
                request,
                services.Refused(
                    404,
                    "Bridge does not know this learning platform. Ask your Bridge administrator "
                    "to register it.",
                    str(error),
                ),
            )


login_init = LoginInit.as_view()


def reverse_absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


BIND_COOKIE = "bridge_lti_launch"
EXPIRED = "This launch has expired. Open the activity again from your course."


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _sign(launch_id: str, page: str, bind: str) -> str:
    """A launch's next page, for this browser only: the token names the page it opens and
    carries a fingerprint of a random value kept in the launching browser's cookie."""
    return signing.dumps(
        {"launch": launch_id, "page": page, "bind": _fingerprint(bind)}, salt=SALT, compress=True
    )


def _unsign(request, token: str, page: str) -> LtiLaunch:
    try:
        grant = signing.loads(token, salt=SALT, max_age=LAUNCH_PAGES_LAST)
    except signing.SignatureExpired:
        raise services.Refused(410, EXPIRED) from None
    except signing.BadSignature:
        raise services.Refused(
            400, "This link is not a launch from your learning platform."
        ) from None
    if not isinstance(grant, dict) or grant.get("page") != page:
        raise services.Refused(400, "This link is not a launch from your learning platform.")
    if _fingerprint(request.COOKIES.get(BIND_COOKIE, "")) != grant.get("bind"):
        raise services.Refused(
            403,
            "This launch was started in another browser, or the browser did not keep Bridge's "
            "cookie. Open the activity again from your course (in a new window, if it opened "
            "inside the course page).",
        )
    launch_id = grant["launch"]
    try:
        message_launch = DjangoMessageLaunch.from_cache(
            launch_id, request, DjangoToolConfig(), launch_data_storage=DjangoCacheDataStorage()
        )
    except LtiException:
        raise services.Refused(410, EXPIRED) from None
    return LtiLaunch(message_launch)


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_http_methods(["POST"])
def launch(request):
    """A platform's signed launch: a resource link (a course or module) or a deep-linking
    request (a teacher picking one). Nothing of the learner's session is touched here: the
    cross-site post carries no Bridge cookie, and the next page is a plain visit that does."""
    try:
        lti_launch = services.launch_accept(request)
        if lti_launch.is_deep_link_launch:
            if not services.is_teacher(lti_launch):
                raise services.Refused(
                    403, "Only a teacher of this course can choose what it links to."
                )
            name = "lti:pick"
        elif lti_launch.is_resource_launch:
            services.placement_record(lti_launch)
            name = "lti:roster" if services.is_teacher(lti_launch) else "lti:continue"
        else:
            raise services.Refused(400, "Bridge does not take this kind of launch.")
    except services.Refused as error:
        return _refused(request, error)
    bind = secrets.token_urlsafe(24)
    url = reverse(name, args=[_sign(lti_launch.get_launch_id(), name, bind)])
    framed = request.headers.get("Sec-Fetch-Dest") == "iframe" or lti_launch.document_target in (
        "iframe",
        "frame",
    )
    if framed:  # a session cannot be relied on inside another site's frame
        response = render(request, "lti/new_window.html", {"url": url})
        response.xframe_options_exempt = True
    else:
        response = HttpResponseRedirect(url)
    # The launch's pages open only in the browser that launched (a link sent on opens nothing).
    response.set_cookie(
        BIND_COOKIE,
        bind,
        max_age=LAUNCH_PAGES_LAST,
        path="/lti/",
        secure=request.is_secure(),
        httponly=True,
        samesite="None" if request.is_secure() else "Lax",
    )
    return response


def _placement(lti_launch):
    if not lti_launch.is_resource_launch:
        raise services.Refused(400, "This link is not a launch of a Bridge activity.")
    placement = selectors.placement_for(lti_launch.resource_link.pk)
    if placement is None:
        raise services.Refused(404, "This activity does not open a Bridge course.")
    return placement


def _sign_in(request):
    return HttpResponseRedirect(
        f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def continue_launch(request, token: str):
    """A learner's launch: once their LMS account is linked to their Bridge account, straight
    to the course (signed in by the launch, unless the account is staff); the first time, they
    sign in to Bridge and confirm the link."""
    try:
        lti_launch = _unsign(request, token, "lti:continue")
        placement = _placement(lti_launch)
        lti_user = lti_launch.user
        linked = lti_user.auth_user
        if linked is not None:
            if request.user.is_authenticated and request.user.pk == linked.pk:
                return HttpResponseRedirect(placement.target.url)
            if linked.is_active and not linked.is_staff:
                # Once: the page left in a shared browser's history signs no one in again.
                services.launch_page_use(lti_launch.get_launch_id())
                login(request, linked, backend="django.contrib.auth.backends.ModelBackend")
                return HttpResponseRedirect(placement.target.url)
            return _sign_in(request)  # staff sign in themselves, as on any visit
        if not request.user.is_authenticated:
            return _sign_in(request)
        if request.method == "POST":
            services.account_link(lti_user=lti_user, user=request.user)
            return HttpResponseRedirect(placement.target.url)
    except ObjectDoesNotExist:
        return _refused(request, services.Refused(410, EXPIRED))
    except services.Refused as error:
        return _refused(request, error)
    platform = lti_launch.registration.name
    return render(
        request,
        "lti/link.html",
        {"placement": placement, "lti_user": lti_user, "platform": platform},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def pick(request, token: str):
    """Deep linking: the teacher picks a Bridge course or module; the platform gets a signed
    reply placing it, with a gradebook column out of 100."""
    try:
        lti_launch = _unsign(request, token, "lti:pick")
        if not lti_launch.is_deep_link_launch or not services.is_teacher(lti_launch):
            raise services.Refused(
                403, "Only a teacher of this course can choose what it links to."
            )
        deep_link = lti_launch.get_message_launch().get_deep_link()
        return_url = str(deep_link._deep_link_settings.get("deep_link_return_url") or "")
        if urlsplit(return_url).scheme not in ("https", "http") or not urlsplit(return_url).netloc:
            raise LtiException("deep_link_return_url is not a web address")
    except (services.Refused, LtiException, *services.MALFORMED) as error:
        if not isinstance(error, services.Refused):
            error = services.Refused(
                400, "This launch does not ask for a course to be chosen.", str(error)
            )
        return _refused(request, error)
    choices = selectors.placeable()
    error = ""
    if request.method == "POST":
        chosen = selectors.choice(request.POST.get("choice", ""))
        if chosen is None:
            error = "Choose a course or module."
        else:
            custom = {"course": str(chosen.course.pk)}
            if chosen.module is not None:
                custom["module"] = str(chosen.module.pk)
            resource = (
                DeepLinkResource()
                .set_url(reverse_absolute(request, "lti:launch"))
                .set_title(chosen.title)
                .set_custom_params(custom)
                .set_lineitem(
                    LineItem()
                    .set_label(chosen.title)
                    .set_score_maximum(100)
                    .set_resource_id(chosen.value)
                )
            )
            response = render(
                request,
                "lti/deep_link_return.html",
                {
                    "jwt": deep_link.get_response_jwt([resource]),
                    "return_url": return_url,
                    "chosen": chosen,
                },
            )
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(return_url))
            response._csp_update = {"form-action": [origin]}
            return response
    return render(
        request,
        "lti/pick.html",
        {
            "choices": choices,
            "error": error,
            "lms_course": (lti_launch.context_claim or {}).get("title")
            or lti_launch.registration.name,
        },
        status=400 if error else 200,
    )


@never_cache
@require_http_methods(["GET"])
def roster(request, token: str):
    """A teacher's view of the learners of their LMS course on this placement, refreshed from
    the platform's Names and Roles service when it offers one."""
    try:
        lti_launch = _unsign(request, token, "lti:roster")
        if not services.is_teacher(lti_launch):
            raise services.Refused(403, "Only a teacher of this course can see its learners.")
        placement = _placement(lti_launch)
    except ObjectDoesNotExist:
        return _refused(request, services.Refused(410, EXPIRED))
    except services.Refused as error:
        return _refused(request, error)
    refreshed = services.roster_refresh(placement.resource_link.context)
    return render(
        request,
        "lti/roster.html",
        {
            "placement": placement,
            "rows": selectors.roster(placement),
            "refreshed": refreshed,
            "platform": lti_launch.registration.name,
        },
    )


@xframe_options_exempt
@never_cache
@require_http_methods(["GET"])
def register(request, token: str):
    """Dynamic registration: the platform opens this (in its own frame) with the address of its
    configuration and a registration token; Bridge registers with it and tells it to close."""
    try:
        registration = services.registration_from_platform(
            token=token,
            openid_configuration=request.GET.get("openid_configuration", ""),
            registration_token=request.GET.get("registration_token", ""),
            base_url=request.build_absolute_uri("/"),
        )
    except services.Refused as error:
        return _refused(request, error)
    response = render(request, "lti/registered.html", {"registration": registration})
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(registration.issuer))
    response._csp_update = {"frame-ancestors": [origin]}
    return response
