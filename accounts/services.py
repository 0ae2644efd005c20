"""Every write to people's records goes through here."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User

ERROR_DOMAIN_NOT_ALLOWED = _(
    "Use your work e-mail address. Registration is open to addresses ending in: {domains}."
)
ERROR_EMAIL_TAKEN = _("An account with this e-mail address already exists. Sign in instead.")
ERROR_REGISTRATION_CLOSED = _("Self-registration is closed. Ask your L&D team for an account.")


def email_domain_allowed(email: str) -> bool:
    domains = [d.lower() for d in settings.BRIDGE_REGISTRATION_DOMAINS]
    if "*" in domains:
        return True
    domain = email.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


def check_registration_email(email: str) -> None:
    """Raise ValidationError if this address may not register."""
    domains = settings.BRIDGE_REGISTRATION_DOMAINS
    if not domains:
        raise ValidationError(ERROR_REGISTRATION_CLOSED, code="closed")
    if not email_domain_allowed(email):
        raise ValidationError(
            ERROR_DOMAIN_NOT_ALLOWED.format(domains=", ".join(domains)), code="domain"
        )
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(ERROR_EMAIL_TAKEN, code="taken")


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
) -> User:
    email = email.strip().lower()
    check_registration_email(email)
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
