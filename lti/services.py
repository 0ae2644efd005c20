"""Every change LTI makes: a launch checked and recorded, an LMS account linked to a Bridge
account, and a learner's result sent to the platform's gradebook (Assignment and Grade
Services). django-lti and pylti1p3 check the signed launch; Bridge adds what they leave out: a
launch's nonce is used once, and a new deployment opens nothing until an admin turns it on."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from lti_tool.models import Key, LtiLaunch, LtiUser
from lti_tool.utils import get_launch_from_request, sync_data_from_launch
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector

from courses import selectors as course_selectors
from courses.models import CoursePage, ModulePage

from .models import Outcome, Placement, UsedNonce

log = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NONCES_KEPT = timedelta(days=2)  # longer than any launch token lives


MALFORMED = (KeyError, IndexError, TypeError, AttributeError, ValueError)
MALFORMED_MESSAGE = (
    "This launch is not one Bridge can read. Open the activity again; if it happens again, tell "
    "your platform's administrator."
)
SERVICE_TIMEOUT = 15  # seconds, for every call Bridge makes to a platform


class TimeoutSession(requests.Session):
    """A requests session that never waits on a platform for ever (pylti1p3 sets no timeout)."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", SERVICE_TIMEOUT)
        return super().request(*args, **kwargs)


def connector(registration) -> ServiceConnector:
    return ServiceConnector(registration.to_registration(), requests_session=TimeoutSession())


class Refused(Exception):
    def __init__(self, status: int, message: str, detail: str = ""):
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


def tool_key() -> Key:
    """The key Bridge signs with (client assertions, deep-linking replies), made at first use."""
    key = Key.objects.active().order_by("-datetime_created").first()
    return key or Key.objects.generate()


def _refusal(error: Exception) -> Refused:
    reason = str(error)
    if reason.startswith(("Missing", "Invalid JWT format", "Invalid id_token")):
        return Refused(
            400, "This launch is incomplete. Open the activity again from your course.", reason
        )
    if reason == "State not found":
        return Refused(
            403,
            "This launch did not start in this browser, or it took too long. Open the activity "
            "again from your course.",
            reason,
        )
    return Refused(
        403,
        "Bridge could not confirm this launch came from your learning platform. Open the "
        "activity again; if it happens again, tell your platform's administrator.",
        reason,
    )


def launch_accept(request) -> LtiLaunch:
    """Check a launch (signature, issuer, audience, expiry, state and nonce, by pylti1p3), refuse
    one already used, record what it says (django-lti's sync) and refuse a deployment not yet
    turned on."""
    tool_key()
    try:
        lti_launch = get_launch_from_request(request)
    except LtiException as error:
        raise _refusal(error) from None
    except requests.RequestException as error:
        raise Refused(
            502, "Bridge could not reach your learning platform to check this launch.", str(error)
        ) from None
    except MALFORMED as error:  # a body pylti1p3 reads without checking its shape
        raise Refused(400, MALFORMED_MESSAGE, f"{type(error).__name__}: {error}") from None
    issuer, nonce = lti_launch.get_claim("iss"), str(lti_launch.get_claim("nonce"))
    try:
        with transaction.atomic():
            UsedNonce.objects.filter(used_at__lt=timezone.now() - NONCES_KEPT).delete()
            UsedNonce.objects.create(issuer=issuer[:255], nonce=nonce[:255])
            sync_data_from_launch(lti_launch)
    except IntegrityError:
        raise Refused(
            403,
            "This launch has already been used. Open the activity again from your course.",
            "nonce used before",
        ) from None
    except MALFORMED as error:  # a signed launch whose claims lack what the sync reads
        raise Refused(400, MALFORMED_MESSAGE, f"{type(error).__name__}: {error}") from None
    if not lti_launch.deployment.is_active:
        raise Refused(
            403,
            "Your learning platform is connected to Bridge, but this deployment has not been "
            "turned on yet. Ask your Bridge administrator to turn it on.",
            f"deployment {lti_launch.deployment.deployment_id} is not active",
        )
    return lti_launch


def _target(custom: dict) -> tuple[CoursePage | None, ModulePage | None]:
    def page(model, value):
        if not str(value or "").isdigit():
            return None
        return model.objects.live().filter(pk=int(value)).first()

    course = page(CoursePage, custom.get("course"))
    module = page(ModulePage, custom.get("module"))
    if module is not None and course is not None and module.course.pk != course.pk:
        return None, None
    if module is not None and course is None:
        course = module.course
    return course, module


def is_teacher(lti_launch: LtiLaunch) -> bool:
    """By the roles this launch carries (a membership's stored roles are only ever added to)."""
    from lti_tool.lti_core.constants import ContextRole
    from lti_tool.lti_core.utils import normalize_role

    roles = lti_launch.roles_claim or []
    if not isinstance(roles, list):
        return False
    teaching = {ContextRole.INSTRUCTOR, ContextRole.ADMINISTRATOR, ContextRole.CONTENT_DEVELOPER}
    return any(normalize_role(str(role)) in {r.value for r in teaching} for role in roles)


@transaction.atomic
def placement_record(lti_launch: LtiLaunch) -> Placement:
    """The course or module a resource link opens (from the launch's custom ``course`` and
    ``module``, else as placed before), with its gradebook column; a learner gets an outcome."""
    resource_link = lti_launch.resource_link
    course, module = _target(
        lti_launch.get_claim("https://purl.imsglobal.org/spec/lti/claim/custom") or {}
    )
    placement = Placement.objects.filter(resource_link=resource_link).first()
    if course is None and placement is None:
        raise Refused(
            404,
            "This activity does not name a Bridge course that is published. Ask your course's "
            "teacher to choose the course again.",
        )
    ags = lti_launch.ags_claim
    fields = {"last_launched_at": timezone.now()}
    if isinstance(ags, dict):  # a launch without the claim keeps the column named before
        fields.update(
            lineitem_url=str(ags.get("lineitem", "") or "")[:1000],
            ags_scopes=[str(scope) for scope in ags.get("scope", []) or []],
        )
    if course is not None:
        fields.update(course=course, module=module)
    placement, _ = Placement.objects.update_or_create(resource_link=resource_link, defaults=fields)
    if not is_teacher(lti_launch):
        lti_user = lti_launch.user
        Outcome.objects.update_or_create(
            placement=placement, lti_user=lti_user, defaults={"user_id": lti_user.auth_user_id}
        )
    return placement


def account_link(*, lti_user: LtiUser, user) -> LtiUser:
    """Tie an LMS account to the Bridge account signed in, once; its results then go back."""
    with transaction.atomic():
        lti_user = LtiUser.objects.select_for_update().get(pk=lti_user.pk)
        if lti_user.auth_user_id not in (None, user.pk):
            raise Refused(
                409,
                "This learning platform account is already linked to another Bridge account. "
                "Ask your Bridge administrator to unlink it.",
            )
        if lti_user.auth_user_id is None:
            lti_user.auth_user = user
            lti_user.save(update_fields=["auth_user", "datetime_modified"])
        Outcome.objects.filter(lti_user=lti_user).update(user=user)
        course_ids = list(
            Outcome.objects.filter(lti_user=lti_user).values_list("placement__course_id", flat=True)
        )
    from .tasks import report_outcomes

    for course_id in set(course_ids):  # a course finished before the link is reported now
        transaction.on_commit(lambda c=course_id: report_outcomes.delay(user.pk, c))
    return lti_user


def launch_page_use(launch_id: str) -> None:
    """A launch signs its learner in once."""
    try:
        with transaction.atomic():
            UsedNonce.objects.create(issuer="bridge-sign-in", nonce=str(launch_id)[:255])
    except IntegrityError:
        raise Refused(
            410, "This launch has already been used. Open the activity again from your course."
        ) from None


def _grade(outcome: Outcome) -> Grade:
    placement = outcome.placement
    result = course_selectors.course_result(
        user=outcome.user, course=placement.course, module=placement.module
    )
    grade = (
        Grade()
        .set_user_id(outcome.lti_user.sub)
        .set_timestamp(timezone.now().isoformat(timespec="milliseconds"))
        .set_activity_progress("Completed" if result.completed else "InProgress")
        .set_grading_progress("FullyGraded" if result.completed else "Pending")
    )
    if result.completed and result.score is not None:
        grade.set_score_given(float(round(result.score * 100, 2))).set_score_maximum(100)
    return grade


def outcome_report(outcome: Outcome) -> bool:
    """Send a learner's result on a placement to its gradebook column; False if it failed
    (recorded on the outcome, and tried again by ``report_failed``)."""
    placement = outcome.placement
    if (
        outcome.user_id is None
        or not placement.lineitem_url
        or SCORE_SCOPE not in placement.ags_scopes
    ):
        return True  # nothing to report to, or no one to report
    grade = _grade(outcome)
    service = AssignmentsGradesService(
        connector(outcome.lti_user.registration),
        {"scope": placement.ags_scopes, "lineitem": placement.lineitem_url},
    )
    try:
        service.put_grade(grade)
    except (LtiException, LtiServiceException, requests.RequestException, *MALFORMED) as error:
        log.warning("LTI score for outcome %s not sent: %s", outcome.pk, error)
        Outcome.objects.filter(pk=outcome.pk).update(
            state=Outcome.State.FAILED, failures=F("failures") + 1, last_error=str(error)[:500]
        )
        return False
    given = grade.get_score_given()
    Outcome.objects.filter(pk=outcome.pk).update(
        state=Outcome.State.SENT,
        activity_progress=grade.get_activity_progress() or "",
        score_given=given,
        reported_at=timezone.now(),
        failures=0,
        last_error="",
    )
    return True


def roster_refresh(context) -> bool | None:
    """The context's members from the platform's Names and Roles service into django-lti's
    records; None if the platform offers none, False if it could not be reached."""
    if not context.memberships_url:
        return None
    from pylti1p3.names_roles import NamesRolesProvisioningService

    service = NamesRolesProvisioningService(
        connector(context.deployment.registration),
        {"context_memberships_url": context.memberships_url},
    )
    try:
        members = [
            {**member, "status": member.get("status", "Active"), "roles": member.get("roles") or []}
            for member in service.get_members()
            if isinstance(member, dict) and member.get("user_id")
        ]
        with transaction.atomic():
            context.update_memberships(members)
    except (LtiException, LtiServiceException, requests.RequestException, *MALFORMED) as error:
        log.warning("LTI roster of context %s not read: %s", context.pk, error)
        return False
    return True


# --- Dynamic registration (LTI Dynamic Registration 1.0) ---------------------------------------

REGISTRATION_SALT = "lti.dynamic-registration"
REGISTRATION_LINK_LASTS = 60 * 60
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
TOOL_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    SCORE_SCOPE,
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
]


def registration_link_make(*, user) -> str:
    """A signed, one-time token an admin gives a platform, for it to register itself."""
    import secrets

    from django.core import signing

    return signing.dumps({"by": user.pk, "once": secrets.token_urlsafe(12)}, salt=REGISTRATION_SALT)


def _registration_link_use(token: str) -> dict:
    from django.core import signing

    try:
        grant = signing.loads(token, salt=REGISTRATION_SALT, max_age=REGISTRATION_LINK_LASTS)
    except signing.SignatureExpired:
        raise Refused(
            410, "This registration link has expired. Ask your Bridge administrator for a new one."
        ) from None
    except signing.BadSignature:
        raise Refused(400, "This is not a registration link made by Bridge.") from None
    try:
        with transaction.atomic():
            UsedNonce.objects.create(issuer="dynamic-registration", nonce=grant["once"])
    except IntegrityError:
        raise Refused(
            410,
            "This registration link has been used. Ask your Bridge administrator for a new one.",
        ) from None
    return grant


def tool_configuration(base_url: str) -> dict:
    """What Bridge tells a platform about itself (the client registration it posts)."""
    base = base_url.rstrip("/")
    launch = base + "/lti/launch/"
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": base + "/lti/login/",
        "redirect_uris": [launch],
        "client_name": "Bridge",
        "jwks_uri": base + "/lti/jwks/",
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(TOOL_SCOPES),
        TOOL_CONFIGURATION: {
            "domain": base.split("://", 1)[-1].split("/", 1)[0],
            "target_link_uri": launch,
            "description": "CPD on working with Independent Mental Health Advocates.",
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
            "messages": [
                {"type": "LtiResourceLinkRequest", "target_link_uri": launch},
                {"type": "LtiDeepLinkingRequest", "target_link_uri": launch, "label": "Bridge"},
            ],
        },
    }


def _same_origin(*urls: str) -> bool:
    origins = {(urlsplit(u).scheme, urlsplit(u).netloc) for u in urls}
    return len(origins) == 1 and next(iter(origins))[0] in ("https", "http")


def registration_from_platform(
    *, token: str, openid_configuration: str, registration_token: str, base_url: str
):
    """A platform registering itself with a link an admin made: read its configuration, post
    Bridge's, and record the registration and the deployment it names (turned on: the admin
    asked for this one)."""
    from lti_tool.models import LtiDeployment, LtiRegistration

    if urlsplit(openid_configuration).scheme not in ("https", "http"):
        raise Refused(400, "The platform did not say where its configuration is.")
    grant = _registration_link_use(token)
    headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
    try:
        config = requests.get(
            openid_configuration, headers=headers, timeout=10, allow_redirects=False
        )
        config.raise_for_status()
        config = config.json()
        needed = (
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "registration_endpoint",
        )
        if not isinstance(config, dict) or not all(isinstance(config.get(n), str) for n in needed):
            raise Refused(400, "The platform's configuration is missing an address Bridge needs.")
        if not _same_origin(
            config["issuer"], openid_configuration, config["registration_endpoint"]
        ):
            raise Refused(400, "The platform's configuration is not under its own address.")
        answer = requests.post(
            config["registration_endpoint"],
            json=tool_configuration(base_url),
            headers={**headers, "Content-Type": "application/json"},
            timeout=10,
            allow_redirects=False,
        )
        answer.raise_for_status()
        answer = answer.json()
        if not isinstance(answer, dict):
            raise ValueError("not a JSON object")
    except requests.RequestException as error:
        raise Refused(502, "Bridge could not reach the platform to register.", str(error)) from None
    except ValueError as error:
        raise Refused(502, "The platform's answer was not JSON.", str(error)) from None
    client_id = str(answer.get("client_id") or "")
    if not client_id:
        raise Refused(502, "The platform did not give Bridge a client ID.")
    platform = config.get("https://purl.imsglobal.org/spec/lti-platform-configuration") or {}
    if not isinstance(platform, dict):
        platform = {}
    tool_answer = answer.get(TOOL_CONFIGURATION)
    deployment_id = tool_answer.get("deployment_id") if isinstance(tool_answer, dict) else None
    with transaction.atomic():  # registering again updates the platform's addresses
        registration, _ = LtiRegistration.objects.update_or_create(
            issuer=config["issuer"][:255],
            client_id=client_id[:255],
            defaults={
                "name": str(platform.get("product_family_code") or config["issuer"])[:255],
                "auth_url": config["authorization_endpoint"],
                "token_url": config["token_endpoint"],
                "keyset_url": config["jwks_uri"],
                "is_active": True,
            },
        )
        if deployment_id:
            LtiDeployment.objects.update_or_create(
                registration=registration,
                deployment_id=str(deployment_id)[:255],
                defaults={"is_active": True},
            )
    log.info(
        "LTI platform %s registered itself (link made by user %s)", registration.issuer, grant["by"]
    )
    return registration


def outcome_report_safely(outcome: Outcome) -> bool:
    """One outcome's report, whatever goes wrong in it: the next learner's is still sent, and
    this one is marked to be tried again."""
    try:
        return outcome_report(outcome)
    except Exception as error:  # noqa: BLE001 - recorded on the outcome, retried by report_failed
        log.exception("LTI score for outcome %s not sent", outcome.pk)
        Outcome.objects.filter(pk=outcome.pk).update(
            state=Outcome.State.FAILED, failures=F("failures") + 1, last_error=str(error)[:500]
        )
        return False
