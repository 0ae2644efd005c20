from django.db import migrations
from django.utils import timezone


def confirm_staff_accounts(apps, schema_editor):
    """Accounts for staff (trainers, L&D, admins) were made by an admin for a known person, so
    they are treated as confirmed; learners who registered themselves confirm from a link the
    next time they sign in."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_staff=True, email_verified_at__isnull=True).update(
        email_verified_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_email_verified_and_registration_confirmed")]

    operations = [migrations.RunPython(confirm_staff_accounts, migrations.RunPython.noop)]
