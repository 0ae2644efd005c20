"""Send the follow-ups that are due, and the one reminder each: safe to run any number of times."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from followups.services import followups_send


class Command(BaseCommand):
    help = "Invite learners whose follow-up is due, and remind once those who have not answered."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError("--today must be a date, YYYY-MM-DD") from error
        sent = followups_send(today=day)
        self.stdout.write(f"Invited {sent['invited']}, reminded {sent['reminded']}.")
