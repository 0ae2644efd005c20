"""Every write to people's records goes through here."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit

from . import emails
from .models import User
from .signals import email_verified
from .tokens import verification_read

ERROR_DOMAIN_NOT_ALLOWED = _(
    "Use your work e-mail address. Registration is open to addresses ending in: {domains}."
)
ERROR_REGISTRATION_CLOSED = _("Self-registration is closed. Ask your L&D team for an account.")
ERROR_LINK_INVALID = _(
    "This link has expired or is not complete. Ask for a new one below, or sign in to be sent one."
)
ERROR_LINK_PASSWORD = _("Enter the password you chose when you created the account.")
ERROR_LINK_USED = _("This address is already confirmed. Sign in instead.")
ERROR_LINK_PAUSED = _(
    "There have been too many attempts with this account. Reset your password to sign in now."
)
ERROR_NO_REGISTRATION = _("This person has not given a registration number.")


def email_domain_allowed(email: str) -> bool:
    domains = [d.lower() for d in settings.BRIDGE_REGISTRATION_DOMAINS]
    if "*" in domains:
        return True
    domain = email.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


def check_registration_email(email: str) -> None:
    """Raise ValidationError if this address may not register. Whether an account already has
    it is never said here: that would tell anyone which addresses are registered."""
    domains = settings.BRIDGE_REGISTRATION_DOMAINS
    if not domains:
        raise ValidationError(ERROR_REGISTRATION_CLOSED, code="closed")
    if not email_domain_allowed(email):
        raise ValidationError(
            ERROR_DOMAIN_NOT_ALLOWED.format(domains=", ".join(domains)), code="domain"
        )


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    job_title: str = "",
    registration_body: str = "",
    registration_number: str = "",
    request=None,
) -> User | None:
    """Make an account that cannot sign in until its owner follows the link sent to the address.

    If the address already has an account, nothing is made and its owner is told by e-mail
    instead (with a password-reset link), so the page looks the same either way. Returns the new
    account, or None.
    """
    email = email.strip().lower()
    check_registration_email(email)
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the same work either way, so the timing says nothing
        emails.send_already_registered(email, request=request)
        return None
    user = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=job_title.strip(),
        registration_body=registration_body,
        registration_number=registration_number.strip().upper(),
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=user, action="account.register", obj=user)
    verification_send(user=user, request=request)
    return user


# One new link per account per this many seconds, however often sign-in or resend is tried.
VERIFICATION_RESEND_SECONDS = 60


def verification_send(*, user: User, request=None) -> bool:
    """Send a fresh link to confirm the account's address, unless one went in the last minute.
    Returns whether one was sent."""
    if user.email_verified:
        return False
    if (
        ratelimit.count(
            scope="verify-email", subject=str(user.pk), window=VERIFICATION_RESEND_SECONDS
        )
        > 1
    ):
        return False
    emails.send_verification(user, request=request)
    return True


def verification_resend(*, email: str, request=None) -> None:
    """Resend the link for an unconfirmed account with this address; silently nothing otherwise,
    so the page cannot be used to find out who has an account."""
    user = User.objects.filter(email__iexact=email.strip(), email_verified_at__isnull=True).first()
    if user is not None and user.is_active:
        verification_send(user=user, request=request)


def _mark_verified(user: User, *, how: str) -> bool:
    """Record that the owner proved the address; True if it was not proven before."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    audit_record(actor=user, action="account.email_verified", obj=user, how=how)
    transaction.on_commit(lambda: email_verified.send(sender=User, user=user))
    return True


@transaction.atomic
def email_verify(*, token: str, password: str) -> User:
    """Confirm an address from the link sent to it. The account's password is asked for too, so
    someone who registered another person's address cannot have that person confirm it for them
    by clicking the link: only the person who made the account, reading that mailbox, can."""
    found = verification_read(token)
    user = None
    if found is not None:
        user_id, email = found
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is not None and user.email.lower() != email:
            user = None
    if user is None:
        raise ValidationError(ERROR_LINK_INVALID, code="link")
    if user.email_verified:
        # A used link is spent: it cannot be used to try passwords, or to sign in.
        raise ValidationError(ERROR_LINK_USED, code="used")
    if account_failure_count(user.email) >= settings.BRIDGE_ACCOUNT_FAILURE_LIMIT:
        raise ValidationError(ERROR_LINK_PAUSED, code="paused")
    if not user.check_password(password):
        account_failure_add(user.email)
        raise ValidationError(ERROR_LINK_PASSWORD, code="password")
    _mark_verified(user, how="link")
    return user


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> User:
    """Set a new password from a reset link. The link reached the address, which proves it, so
    the account is confirmed too; failed sign-ins against it are forgotten."""
    from axes.utils import reset as axes_reset

    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="account.password_reset", obj=user)
    _mark_verified(user, how="password_reset")
    account_failures_clear(user.email)
    axes_reset(username=user.email)
    return user


ACCOUNT_FAILURE_WINDOW = 3600


def _account_window(email: str) -> dict:
    """The failed sign-ins of one address, from every client address, this hour."""
    return {
        "scope": "signin-account",
        "subject": email.strip().lower(),
        "window": ACCOUNT_FAILURE_WINDOW,
    }


def account_failure_count(email: str) -> int:
    return ratelimit.current(**_account_window(email))


def account_failure_add(email: str) -> None:
    ratelimit.count(**_account_window(email))


def account_failures_clear(email: str) -> None:
    ratelimit.clear(**_account_window(email))


@transaction.atomic
def registration_confirm(*, actor: User, user: User) -> User:
    """An admin checked the registration number against the professional register."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.registration_number:
        raise ValidationError(ERROR_NO_REGISTRATION, code="none")
    user.registration_confirmed_at = timezone.now()
    user.registration_confirmed_by = actor
    user.save(update_fields=["registration_confirmed_at", "registration_confirmed_by"])
    audit_record(
        actor=actor,
        action="account.registration_confirmed",
        obj=user,
        registration=f"{user.registration_body} {user.registration_number}",
    )
    return user


@transaction.atomic
def user_ensure(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    groups: tuple[str, ...] = (),
    is_superuser: bool = False,
    **extra,
) -> tuple[User, bool]:
    """Create a user if missing (used by the demo loader); never changes an existing password."""
    email = email.lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_password(password)
        for field, value in extra.items():
            setattr(user, field, value)
    user.is_staff = is_superuser or bool(groups)
    user.is_superuser = is_superuser
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()  # operator-made: the operator vouches for it
    user.save()
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user, created


def audit_record(*, actor, action: str, obj=None, **data) -> None:
    """Append an audit event. Call inside the transaction that makes the change it records."""
    from .models import AuditEvent

    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )


# Single sign-on ----------------------------------------------------------------------------------
# Which roles a provider's groups may grant: the admin's roles, never superuser.
SSO_ROLE_GROUPS = ("Trainers", "L&D managers", "Session facilitators")


def _claim(claims: dict, name: str):
    return claims.get(settings.BRIDGE_SSO["CLAIMS"][name])


def _sso_email(claims: dict) -> tuple[str, bool]:
    """The address the provider gives, and whether it vouches that the person owns it."""
    email = str(_claim(claims, "email") or "").strip().lower()
    if settings.BRIDGE_SSO["EMAIL_VERIFIED"] == "provider":
        return email, bool(email)
    verified = claims.get("email_verified")
    return email, verified is True or str(verified).lower() == "true"


def _sso_roles(user: User, claims: dict) -> None:
    """The mapped groups follow the provider's: added when present, taken away when not. Groups
    no mapping names are left as an admin set them."""
    mapping = settings.BRIDGE_SSO["GROUP_ROLES"]
    if not mapping:
        return
    held = {str(g) for g in (_claim(claims, "groups") or [])}
    wanted = {role for group, role in mapping.items() if group in held and role in SSO_ROLE_GROUPS}
    managed = {role for role in mapping.values() if role in SSO_ROLE_GROUPS}
    before = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    if before == wanted:
        return
    user.groups.remove(*Group.objects.filter(name__in=managed - wanted))
    user.groups.add(*Group.objects.filter(name__in=wanted))
    admin_roles = set(user.groups.values_list("name", flat=True)) - {"Session facilitators"}
    user.is_staff = user.is_superuser or bool(admin_roles)
    user.save(update_fields=["is_staff"])
    audit_record(
        actor=user,
        action="account.roles_from_sso",
        obj=user,
        before=sorted(before),
        after=sorted(wanted),
    )


def _sso_identity_made(user: User, identity: dict) -> None:
    from .models import SsoIdentity

    SsoIdentity.objects.create(
        user=user,
        issuer=identity["issuer"],
        subject=identity["subject"],
        last_signed_in_at=timezone.now(),
    )
    audit_record(actor=user, action="account.sso_linked", obj=user, issuer=identity["issuer"])


def _sso_confirmed(user: User, claims: dict, *, email_verified: bool) -> None:
    """After the commit, other apps link their records (the staff record) to the account: by the
    employee number the provider vouches for, or by the address it vouches for."""
    from .signals import sso_identity_confirmed

    employee_number = str(_claim(claims, "employee_number") or "").strip()
    transaction.on_commit(  # first: the number is the surer match
        lambda: sso_identity_confirmed.send(sender=User, user=user, employee_number=employee_number)
    )
    if email_verified:
        _mark_verified(user, how="single sign-on")  # then a record by address, on commit


@transaction.atomic
def sso_sign_in(*, issuer: str, claims: dict) -> User:
    """The account for a person the provider has signed in: theirs already (their identity), or
    a new one. An existing account with the same address is never taken over: its owner proves it
    first (``SsoNeedsProof``, then ``sso_identity_link``)."""
    from .models import SsoIdentity
    from .sso import (
        ERROR_DISABLED,
        ERROR_NO_EMAIL,
        ERROR_TENANT,
        SsoError,
        SsoNeedsProof,
    )

    subject = str(claims.get("sub") or "")
    if not subject:
        raise SsoError(ERROR_NO_EMAIL, status=400)
    tenants = settings.BRIDGE_SSO["ALLOWED_TENANTS"]
    if tenants and str(_claim(claims, "tenant") or "") not in tenants:
        raise SsoError(ERROR_TENANT)
    identity = (
        SsoIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    email, email_verified = _sso_email(claims)
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise SsoError(ERROR_DISABLED)
        identity.last_signed_in_at = timezone.now()
        identity.save(update_fields=["last_signed_in_at"])
        names = {
            "first_name": str(_claim(claims, "given_name") or user.first_name)[:150],
            "last_name": str(_claim(claims, "family_name") or user.last_name)[:150],
        }
        changed = [field for field, value in names.items() if getattr(user, field) != value]
        for field in changed:
            setattr(user, field, names[field])
        if changed:
            user.save(update_fields=changed)
        _sso_roles(user, claims)
        _sso_confirmed(user, claims, email_verified=email_verified and email == user.email)
        return user
    if not email:
        raise SsoError(ERROR_NO_EMAIL, status=400)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if not existing.is_active:
            raise SsoError(ERROR_DISABLED)
        raise SsoNeedsProof(existing, {"issuer": issuer, "subject": subject, "claims": claims})
    user = User(
        username=email,
        email=email,
        first_name=str(_claim(claims, "given_name") or "")[:150],
        last_name=str(_claim(claims, "family_name") or "")[:150],
    )
    user.set_unusable_password()
    user.save()
    audit_record(actor=user, action="account.created_by_sso", obj=user, issuer=issuer)
    _sso_identity_made(user, {"issuer": issuer, "subject": subject})
    _sso_roles(user, claims)
    _sso_confirmed(user, claims, email_verified=email_verified)
    return user


@transaction.atomic
def sso_identity_link(*, user: User, identity: dict) -> User:
    """The owner of an existing account has proved it (its password): the provider's identity
    is linked to it, and from now on signs it in."""
    from .models import SsoIdentity

    if not SsoIdentity.objects.filter(
        issuer=identity["issuer"], subject=identity["subject"]
    ).exists():
        _sso_identity_made(user, identity)
    claims = identity.get("claims") or {}
    email, email_verified = _sso_email(claims)
    _sso_roles(user, claims)
    _sso_confirmed(user, claims, email_verified=email_verified and email == user.email)
    return user
