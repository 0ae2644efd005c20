"""Apply the changes in the law whose day has come, once each (safe to run any number of times)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from law.services import law_changes_apply


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as on this day (YYYY-MM-DD), for a rehearsal.")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today takes a date as YYYY-MM-DD") from None
        result = law_changes_apply(today=day)
        self.stdout.write(
            f"{result['applied']} change(s) applied, {result['emailed']} notice(s) e-mailed"
        )
