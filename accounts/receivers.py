from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import services


@receiver(user_login_failed, dispatch_uid="accounts.count_account_failure")
def count_account_failure(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in against the account, whichever address it came from."""
    email = credentials.get("username") or ""
    if isinstance(email, str) and email:
        services.account_failure_add(email)
