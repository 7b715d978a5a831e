"""Import a statement from a spreadsheet, and export one: for programme managers only.

Upload, then a preview of what would be created, changed and left alone, then
confirm. Between the preview and the confirmation the uploaded file is kept on
the server (in the private storage, under a random token held in the uploader's
session), never sent back to the browser: the confirmation imports exactly the
file that was checked. It is read and checked again on confirmation, and if what
the import would do has changed since the preview (someone edited the statement),
the new preview is shown instead of importing.
"""

import datetime
import secrets
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.spreadsheet.apply import ImportFailed, StatementMovedOn, apply_plan
from actions.spreadsheet.example import example_records
from actions.spreadsheet.plan import plan_import
from actions.spreadsheet.reader import Upload, read_uploads
from actions.spreadsheet.template import MAX_FILE_BYTES, MAX_ROWS, SHEETS
from actions.spreadsheet.writer import (
    XLSX_CONTENT_TYPE,
    CellTooLong,
    export_filename,
    statement_workbook,
    workbook_bytes,
)
from workstreams.models import Statement

from ..access import managers_only
from ..forms.imports import ImportUploadForm

SESSION_KEY = "statement_imports"
UPLOAD_FOLDER = "imports"
PENDING_PER_SESSION = 3
KEEP_UPLOADS_FOR = datetime.timedelta(days=1)
SUMMARY_PROBLEMS = 20  # in the error summary; the tables below list more
LISTED_PROBLEMS = 500
TEMPLATE_FILENAME = "statement-of-action-template.xlsx"


def _storage():
    return storages["evidence"]


def _check_may_manage(request, statement=None):
    if not request.user.has_perm("workstreams.manage_statement", statement):
        raise PermissionDenied


def _attachment(data, filename):
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Keeping the upload between the preview and the confirmation ---------------------------


def _stash(request, uploads, statement):
    """Keep the uploaded files under a new random token in this session; return the token."""
    _remove_stale_uploads()
    token = secrets.token_urlsafe(24)
    storage = _storage()
    files = []
    for index, upload in enumerate(uploads):
        suffix = ".csv" if upload.name.lower().endswith(".csv") else ".xlsx"
        path = storage.save(f"{UPLOAD_FOLDER}/{token}/{index}{suffix}", ContentFile(upload.data))
        files.append([path, get_valid_filename(PurePath(upload.name).name)[:100] or "upload"])
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {
        "files": files,
        "statement": statement.slug if statement else None,
        "user": request.user.pk,
        "at": timezone.now().isoformat(),
    }
    for old in sorted(pending, key=lambda t: pending[t]["at"])[:-PENDING_PER_SESSION]:
        _discard(pending.pop(old))
    request.session[SESSION_KEY] = pending
    return token


def _pending(request, token):
    """This session's upload `token` as (entry, uploads); None if it is not (or no longer) kept."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None or entry.get("user") != request.user.pk:
        return None
    storage = _storage()
    uploads = []
    for path, name in entry["files"]:
        try:
            with storage.open(path, "rb") as file:
                uploads.append(Upload(name, file.read(MAX_FILE_BYTES + 1)))
        except OSError:
            return None
    return entry, uploads


def _forget(request, token):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    if entry is not None:
        _discard(entry)
        request.session[SESSION_KEY] = pending


def _discard(entry):
    storage = _storage()
    for path, _name in entry["files"]:
        storage.delete(path)


def _remove_stale_uploads():
    """Uploads nobody confirmed (a session that ended) are removed after a day."""
    storage = _storage()
    cutoff = timezone.now() - KEEP_UPLOADS_FOR
    try:
        folders, _files = storage.listdir(UPLOAD_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for folder in folders:
        _subfolders, files = storage.listdir(f"{UPLOAD_FOLDER}/{folder}")
        for name in files:
            path = f"{UPLOAD_FOLDER}/{folder}/{name}"
            try:
                if storage.get_modified_time(path) < cutoff:
                    storage.delete(path)
            except (OSError, NotImplementedError):
                continue


# Pages ---------------------------------------------------------------------------------


def _upload_page(request, form=None, *, expired=False):
    return render(
        request,
        "workspace/imports/upload.html",
        {
            "form": form or ImportUploadForm(),
            "expired": expired,
            "sheets": SHEETS,
            "max_rows": f"{MAX_ROWS:,}",
        },
        status=404 if expired else 200,
    )


@managers_only
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _check_may_manage(request)
    if request.method != "POST":
        return _upload_page(request)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    token = _stash(request, form.cleaned_data["files"], form.cleaned_data["statement"])
    return redirect("workspace:import_preview", token=token)


def _plan_for(entry, uploads):
    read = read_uploads(uploads)
    return plan_import(read, statement_slug=entry["statement"])


def _preview(request, token, entry, plan, *, problems=None, moved_on=False, status=200):
    problems = plan.problems if problems is None else problems
    return render(
        request,
        "workspace/imports/preview.html",
        {
            "token": token,
            "plan": plan,
            "problems": problems,
            "summary": _grouped(problems[:SUMMARY_PROBLEMS]),
            "more_problems": max(len(problems) - SUMMARY_PROBLEMS, 0),
            "problem_groups": _grouped(problems[:LISTED_PROBLEMS]),
            "unlisted_problems": max(len(problems) - LISTED_PROBLEMS, 0),
            "files": [name for _path, name in entry["files"]],
            "moved_on": moved_on,
        },
        status=status,
    )


def _grouped(problems):
    titles = {sheet.name: sheet.title for sheet in SHEETS}
    groups = {}
    for problem in problems:
        groups.setdefault(problem.sheet, []).append(problem)
    order = [None, *titles]
    return [
        {"sheet": sheet, "title": titles.get(sheet, "The file"), "problems": groups[sheet]}
        for sheet in order
        if sheet in groups
    ]


@managers_only
@require_GET
def import_preview(request, token):
    _check_may_manage(request)
    found = _pending(request, token)
    if found is None:
        return _upload_page(request, expired=True)
    entry, uploads = found
    return _preview(request, token, entry, _plan_for(entry, uploads))


@managers_only
@require_POST
def import_confirm(request, token):
    _check_may_manage(request)
    found = _pending(request, token)
    if found is None:
        return _upload_page(request, expired=True)
    entry, uploads = found
    plan = _plan_for(entry, uploads)
    if not plan.is_valid:
        return _preview(request, token, entry, plan, status=422)
    if request.POST.get("fingerprint") != plan.fingerprint():
        return _preview(request, token, entry, plan, moved_on=True, status=409)
    if plan.statement is not None:
        _check_may_manage(request, plan.statement)
    names = ", ".join(name for _path, name in entry["files"])
    try:
        result = apply_plan(plan, user=request.user, source=names)
    except StatementMovedOn:
        plan = _plan_for(entry, uploads)
        return _preview(request, token, entry, plan, moved_on=True, status=409)
    except ImportFailed as failure:
        return _preview(request, token, entry, plan, problems=failure.problems, status=409)
    _forget(request, token)
    messages.success(
        request,
        f"Imported “{result.statement.title}” from {names}: {result.created} created, "
        f"{result.changed} changed, {result.unchanged} left as they were.",
    )
    return redirect("workspace:statement_detail", pk=result.statement.pk)


@managers_only
@require_GET
def import_template(request):
    _check_may_manage(request)
    data = workbook_bytes(example_records(), title="Statement of action template (Sutton demo)")
    return _attachment(data, TEMPLATE_FILENAME)


@managers_only
@require_GET
def statement_export(request, pk):
    statement = get_object_or_404(Statement, pk=pk)
    _check_may_manage(request, statement)
    try:
        data = statement_workbook(statement)
    except CellTooLong as too_long:
        return render(
            request,
            "workspace/imports/export_failed.html",
            {"statement": statement, "reason": str(too_long)},
            status=409,
        )
    return _attachment(data, export_filename(statement))
