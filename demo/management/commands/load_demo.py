"""Load the demo content: the course and its accounts, then the demo trust. Safe to repeat."""

from django.core.management.base import BaseCommand

from demo.course import CourseLoader
from demo.law import LawLoader
from demo.trust import TrustLoader


class Command(BaseCommand):
    help = (
        "Load the demo course 'Working with Independent Mental Health Advocates', the demo "
        "accounts and a demo trust with about 60 staff in mixed states. Running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--course-only",
            action="store_true",
            help="Load the course and the demo accounts, without the demo trust.",
        )

    def handle(self, *args, course_only=False, **options):
        CourseLoader(stdout=self.stdout, style=self.style).load()
        if not course_only:
            TrustLoader(stdout=self.stdout, style=self.style).load()
            LawLoader(stdout=self.stdout, style=self.style).load()
