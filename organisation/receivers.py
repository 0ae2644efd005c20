from django.dispatch import receiver

from accounts.signals import email_verified, sso_identity_confirmed

from . import services


@receiver(email_verified, dispatch_uid="organisation.link_staff_record")
def link_staff_record(sender, user, **kwargs):
    services.staff_link_verified(user=user)


@receiver(sso_identity_confirmed, dispatch_uid="organisation.link_staff_record_by_number")
def link_staff_record_by_number(sender, user, employee_number, **kwargs):
    services.staff_link_employee_number(
        user=user, employee_number=employee_number, how="single sign-on employee number"
    )
