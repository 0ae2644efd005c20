from django.dispatch import receiver

from accounts.signals import email_verified

from . import services


@receiver(email_verified, dispatch_uid="organisation.link_staff_record")
def link_staff_record(sender, user, **kwargs):
    services.staff_link_verified(user=user)
