"""The nightly ESR import, without a person: the same checks and rules as the admin's import.

    manage.py esr_import PATH [--dry-run] [--all-or-nothing] [--force]

PATH is a file or a drop folder (every .csv and .xlsx in it, oldest first). The people whose rows
are all good are imported and the rest held for review, unless ``--all-or-nothing``; nobody is
marked as left (the summary says who was not in the file, for L&D to confirm in the admin). A file
already imported is skipped, so running twice on the same file changes nothing and e-mails once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation import esr
from organisation.models import StaffImport
from organisation.services import staff_import, staff_import_notify

SUFFIXES = (".csv", ".xlsx")


class Command(BaseCommand):
    help = "Import ESR staff files from a path or drop folder, hold bad rows, e-mail L&D."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Import nothing from a file with any bad row (instead of holding those rows).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Import a file even if it was imported before."
        )

    def handle(self, *args, path, dry_run, all_or_nothing, force, **options):
        files = self._files(Path(path))
        failed = 0
        for file in files:
            data = file.read_bytes()[: esr.MAX_BYTES + 1]
            digest = hashlib.sha256(data).hexdigest()
            if not force and StaffImport.objects.filter(sha256=digest).exists():
                self.stdout.write(f"{file.name}: already imported, skipped.")
                continue
            report = staff_import(
                data=data,
                filename=file.name,
                actor=None,
                dry_run=dry_run,
                hold_problems=not all_or_nothing,
                source=StaffImport.Source.COMMAND,
            )
            self.stdout.write(f"{file.name}: {self._summary(report)}")
            if not dry_run:
                staff_import_notify(report=report, filename=file.name)
            if not report.committed and not dry_run:
                failed += 1
        if failed:
            raise CommandError(f"{failed} of {len(files)} files were not imported.")

    def _files(self, path: Path) -> list[Path]:
        if path.is_file():
            return [path]
        if path.is_dir():
            return sorted(
                (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES),
                key=lambda p: (p.stat().st_mtime, p.name),
            )
        raise CommandError(f"{path} is neither a file nor a folder.")

    def _summary(self, report) -> str:
        if report.file_error:
            return f"not imported: {report.file_error}"
        counts = (
            f"{report.count('create')} new, {report.count('update')} updated, "
            f"{report.count('unchanged')} unchanged, {len(report.held_rows)} rows held, "
            f"{report.missing_count} active people not in the file ({report.file_format})"
        )
        if report.committed:
            return f"imported: {counts}."
        if report.error_rows and not report.importable:
            return f"not imported, no person without problems: {counts}."
        return f"checked, not imported: {counts}."
