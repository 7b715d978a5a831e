"""The upload form for importing a statement from a spreadsheet."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError

from actions.spreadsheet.reader import Upload, megabytes, read_uploads
from actions.spreadsheet.template import MAX_FILE_BYTES, MAX_FILES
from workstreams.models import Statement

from .govuk import GovukForm

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".csv")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class SpreadsheetFilesField(forms.FileField):
    """One workbook, or several CSV files: the list of uploaded files."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(SpreadsheetFilesField, self).clean(item, initial) for item in files]


class ImportUploadForm(GovukForm):
    files = SpreadsheetFilesField(
        label="Upload a spreadsheet",
        help_text=(
            "An Excel workbook (.xlsx) in the template’s format, or CSV files named after its "
            f"sheets, such as actions.csv. Each file must be smaller than "
            f"{megabytes(MAX_FILE_BYTES)}."
        ),
        error_messages={"required": "Select a spreadsheet file to import"},
        widget=MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    statement = forms.ModelChoiceField(
        queryset=Statement.objects.exclude(status=Statement.Status.ARCHIVED),
        required=False,
        label="Statement to import into",
        empty_label="The statement the file names (created as a draft if it is new)",
        help_text="Choose a statement to update it whatever the file’s statement sheet says.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(f"Select at most {MAX_FILES} files: one for each sheet")
        for upload in files:
            name = PurePath(upload.name).name
            if not name.lower().endswith(ACCEPTED_SUFFIXES):
                raise ValidationError(f"{name} must be an Excel workbook (.xlsx) or a CSV file")
            if upload.size > MAX_FILE_BYTES:
                raise ValidationError(
                    f"{name} is {megabytes(upload.size)}: the selected file must be smaller than "
                    f"{megabytes(MAX_FILE_BYTES)}"
                )
        uploads = [Upload(upload.name, _read_all(upload)) for upload in files]
        self.read = read_uploads(uploads)
        if self.read.file_problems:
            raise ValidationError([str(problem) for problem in self.read.file_problems])
        return uploads


def _read_all(upload):
    upload.seek(0)
    return upload.read(MAX_FILE_BYTES + 1)
