from django.core.management.base import BaseCommand

from tracking.services import compliance_refresh


class Command(BaseCommand):
    help = "Rebuild the compliance table from assignments, staff, enrolments and completions."

    def handle(self, *args, **options):
        kept = compliance_refresh()
        self.stdout.write(f"{kept} compliance records.")
