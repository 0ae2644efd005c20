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
