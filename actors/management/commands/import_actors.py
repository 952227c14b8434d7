"""`manage.py import_actors FILE.csv`: import or refresh organisations from the ROR extract."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from actors.importer import ImportAborted, Importer, ImportFileError

# Lines listed per kind of record; a full refresh can update thousands.
LISTED = 50


class Command(BaseCommand):
    # Plain text: argparse cannot format a lazy translation, and Django's own commands
    # leave their help untranslated too.
    help = (
        "Import organisations from a CSV file in the format of the European ROR extract "
        "(actors/data/README.md). Safe to run again: it creates what is new, updates what "
        "changed on the records nobody on the platform has taken charge of (not claimed, "
        "not verified, not edited since imported), and writes nothing if the file cannot "
        "be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV file to import."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check the file and report what would change, without writing anything."),
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help=_("Import nothing if any row is rejected."),
        )

    def handle(self, *args, file, dry_run, strict, **options):
        started = time.monotonic()
        try:
            report = Importer(progress=self.stderr).run(file, dry_run=dry_run, strict=strict)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except ImportAborted as error:
            self.write_notes(error.report)
            raise CommandError(
                _("%(n)d row(s) rejected and --strict given: nothing was imported.")
                % {"n": len(error.report.rejected)}
            ) from None
        write_report(self.stdout, self.style, report, file, time.monotonic() - started)
        self.write_notes(report)
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written.")))

    def write_notes(self, report):
        if report.updated_records:
            self.stdout.write(_("Updated records (fields that changed):"))
            write_capped(self.stdout, report.updated_records)
        if report.kept_records:
            self.stdout.write(_("Kept records (not updated; those the file differs from first):"))
            # Stable: in the file's order within each group.
            write_capped(self.stdout, sorted(report.kept_records, key=lambda note: not note.fields))
        if report.rejected:
            self.stdout.write(_("Rejected rows (not imported):"))
            for note in report.rejected:
                self.stdout.write(f"  {note}")
        if report.warnings:
            self.stdout.write(_("Warnings (imported):"))
            for note in report.warnings:
                self.stdout.write(f"  {note}")


def write_report(stdout, style, report, file, seconds):
    stdout.write(
        style.SUCCESS(
            _("Imported %(file)s: %(rows)s rows in %(seconds).1f s")
            % {"file": file, "rows": f"{report.rows:,}", "seconds": seconds}
        )
    )
    lines = [
        (_("created"), report.created),
        (_("updated"), report.updated),
        (_("skipped, unchanged"), report.unchanged),
        (_("skipped, claimed (kept as their admins edited them)"), report.claimed),
        (_("skipped, verified by staff (kept as verified)"), report.verified),
        (_("skipped, edited on the platform since imported (kept)"), report.edited),
        (_("rejected"), len(report.rejected)),
    ]
    for label, count in lines:
        stdout.write(f"  {label}: {count:,}")


def write_capped(stdout, notes):
    for note in notes[:LISTED]:
        stdout.write(f"  {note}")
    if len(notes) > LISTED:
        stdout.write("  " + _("… and %(n)s more") % {"n": f"{len(notes) - LISTED:,}"})
