from django.core.management.base import BaseCommand

from tracking.services import reminders_send


class Command(BaseCommand):
    help = "E-mail training reminders and managers' weekly digests. Safe to run repeatedly."

    def handle(self, *args, **options):
        sent = reminders_send()
        total = sum(sent.values())
        detail = ", ".join(f"{kind}: {n}" for kind, n in sorted(sent.items())) or "none due"
        self.stdout.write(f"Sent {total} reminders ({detail}).")
