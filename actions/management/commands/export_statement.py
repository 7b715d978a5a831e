"""`python manage.py export_statement SLUG OUTFILE`: a statement in the import template's format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.spreadsheet.writer import CellTooLong, statement_csv_files, statement_workbook
from workstreams.models import Statement


class Command(BaseCommand):
    help = (
        "Export a statement of action in the import template's format: an Excel workbook "
        "when OUTFILE ends in .xlsx, otherwise CSV files (one per sheet) in the folder OUTFILE. "
        "The file holds owners' emails: keep it internal."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SLUG")
        parser.add_argument("outfile", metavar="OUTFILE")

    def handle(self, *args, slug, outfile, **options):
        statement = Statement.objects.filter(slug=slug).first()
        if statement is None:
            raise CommandError(f"There is no statement “{slug}”.")
        target = Path(outfile)
        if target.suffix.lower() == ".xlsx":
            try:
                data = statement_workbook(statement)
            except CellTooLong as too_long:
                raise CommandError(str(too_long)) from too_long
            target.write_bytes(data)
            self.stdout.write(f"Wrote “{statement.title}” to {target}.")
            return
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} is a file: give a folder for CSV files, or a .xlsx name.")
        target.mkdir(parents=True, exist_ok=True)
        for name, data in statement_csv_files(statement).items():
            (target / name).write_bytes(data)
        self.stdout.write(f"Wrote “{statement.title}” as CSV files in {target}.")
