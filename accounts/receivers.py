from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from . import services
from .models import User


@receiver(user_login_failed, dispatch_uid="accounts.count_account_failure")
def count_account_failure(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in against the account, whichever address it came from."""
    email = credentials.get("username") or ""
    if isinstance(email, str) and email:
        services.account_failure_add(email)


@receiver(pre_save, sender=User, dispatch_uid="accounts.unverify_on_new_address")
def unverify_on_new_address(sender, instance, update_fields=None, raw=False, **kwargs):
    """A changed address is not proven yet, however it was changed (the admin, the account
    page): the mark goes, so no staff record is linked to it until its owner confirms it."""
    if raw or instance.pk is None or instance.email_verified_at is None:
        return
    if update_fields is not None and "email" not in update_fields:
        return
    before = User.objects.filter(pk=instance.pk).values_list("email", flat=True).first()
    if before is not None and before.lower() != instance.email.lower():
        instance.email_verified_at = None
        if update_fields is not None:  # a partial save would not write the cleared mark
            User.objects.filter(pk=instance.pk).update(email_verified_at=None)
