"""`manage.py import_statement FILE [FILE ...] [--statement SLUG] [--dry-run] --user NAME`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.spreadsheet.apply import ImportFailed, StatementMovedOn, apply_plan
from actions.spreadsheet.plan import plan_import
from actions.spreadsheet.reader import Upload, megabytes, read_uploads
from actions.spreadsheet.template import MAX_FILE_BYTES


class Command(BaseCommand):
    help = (
        "Import a statement of action from an Excel workbook (.xlsx) in the template's "
        "format, or from CSV files named after its sheets (or a folder of them). Rows are "
        "matched by reference, so an edited export updates the statement in place. Nothing "
        "is written unless the whole file is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="An .xlsx file, CSV files or a folder of CSV files.",
        )
        parser.add_argument(
            "--statement",
            metavar="SLUG",
            help="Import into this statement (made if new), whatever slug the file gives.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without changing anything.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The programme manager the changes are recorded against (unless --dry-run).",
        )

    def handle(self, *args, files, statement=None, dry_run=False, user=None, **options):
        author = None if dry_run else self._author(user)
        read = read_uploads(self._uploads(files))
        plan = plan_import(read, statement_slug=statement)
        self._report(plan)
        if not plan.is_valid:
            raise CommandError(
                f"Nothing was imported: {len(plan.problems)} problem(s) in the file."
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
            return
        if not plan.has_changes:
            self.stdout.write(f"Nothing to change: “{plan.slug}” already matches the file.")
            return
        try:
            result = apply_plan(plan, user=author, source=read.source)
        except StatementMovedOn as moved_on:
            raise CommandError(
                f"Nothing was imported: “{plan.slug}” changed while the file was being "
                "checked. Run the import again."
            ) from moved_on
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(problem.in_full)
            raise CommandError("Nothing was imported.") from failure
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{result.statement.title}” ({result.statement.slug}): {result.created} "
                f"created, {result.changed} changed, {result.unchanged} left as they were; "
                f"{result.progress_updates} progress update(s) recorded."
            )
        )

    def _author(self, username):
        if not username:
            raise CommandError("Give --user USERNAME: every change is recorded against a person.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: there is no user “{username}”.")
        if not user.has_perm("workstreams.manage_plan"):
            raise CommandError(f"--user: “{username}” is not a programme manager.")
        return user

    def _uploads(self, names):
        paths = []
        for name in names:
            path = Path(name)
            if path.is_dir():
                paths.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv"))
            elif path.is_file():
                paths.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder.")
        uploads = []
        for path in paths:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{path.name} is {megabytes(size)}: the largest file accepted is "
                    f"{megabytes(MAX_FILE_BYTES)}."
                )
            uploads.append(Upload(path.name, path.read_bytes()))
        return uploads

    def _report(self, plan):
        for notice in plan.notices:
            self.stdout.write(notice)
        if not plan.is_valid:
            for problem in plan.problems:
                self.stderr.write(problem.in_full)
            return
        if plan.statement is None:
            self.stdout.write(f"The file makes a new draft statement, “{plan.slug}”.")
        else:
            self.stdout.write(f"The file updates the statement “{plan.slug}”.")
        for summary in plan.summaries():
            line = (
                f"  {summary.title}: {summary.created} to create, {summary.changed} to change, "
                f"{summary.unchanged} unchanged"
            )
            if summary.not_in_file:
                line += f", {summary.not_in_file} not in the file (left alone)"
            self.stdout.write(line)
        for row in plan.changed:
            changes = "; ".join(f"{c.column}: {c.before} → {c.after}" for c in row.changes)
            self.stdout.write(
                f"  change {row.sheet} row {row.row} ({row.label[:60]}): {changes[:300]}"
            )
