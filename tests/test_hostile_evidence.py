"""Evidence files with awkward names or encodings are kept, never a server error.

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…).
"""

import codecs
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import ProgressUpdate
from actions.models.progress import EVIDENCE_NAME_BYTES, evidence_filename

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minutes"


def url(action):
    return f"/manage/actions/{action.pk}/update/"


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def upload(client, action, name, content=PDF, **data):
    action.refresh_from_db()
    return client.post(
        url(action),
        {
            "status": "not_started",
            "narrative": "Minutes attached",
            "evidence_file": SimpleUploadedFile(name, content),
            "version": action.version,
            **data,
        },
    )


def download(client, update):
    response = client.get(f"/manage/evidence/{update.pk}/")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def download_name(response):
    """The file name a browser saves the download as."""
    disposition = response["Content-Disposition"]
    encoded = re.search(r"filename\*=utf-8''([^;]+)", disposition)
    if encoded:
        from urllib.parse import unquote

        return unquote(encoded.group(1))
    return re.search(r'filename="([^"]*)"', disposition).group(1)


def test_a_long_non_ascii_name_is_stored_shortened_keeping_the_extension(
    signed_in, action, private_media
):
    name = "文" * 190 + ".pdf"
    response = upload(signed_in, action, name)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=action)
    stored = os.path.basename(update.evidence_file.name)
    assert stored.endswith(".pdf")
    assert set(stored[: -len(".pdf")]) == {"文"}
    assert len(stored.encode()) <= EVIDENCE_NAME_BYTES
    assert (private_media / update.evidence_file.name).read_bytes() == PDF
    response, content = download(signed_in, update)
    assert content == PDF
    assert download_name(response) == stored


def test_the_same_long_name_twice_keeps_both_files(signed_in, action, private_media):
    name = "é" * 196 + ".pdf"  # the most characters the form allows (200): 396 bytes
    assert upload(signed_in, action, name).status_code == 302
    assert upload(signed_in, action, name, content=b"%PDF-1.4 second").status_code == 302
    first, second = ProgressUpdate.objects.filter(action=action).order_by("pk")
    assert first.evidence_file.name != second.evidence_file.name
    for update in (first, second):
        assert len(os.path.basename(update.evidence_file.name).encode()) <= 255
    assert download(signed_in, first)[1] == PDF
    assert download(signed_in, second)[1] == b"%PDF-1.4 second"


def test_an_ordinary_name_is_kept_as_the_officer_chose_it(signed_in, action):
    assert upload(signed_in, action, "Panel minutes – März.pdf").status_code == 302
    update = ProgressUpdate.objects.get(action=action)
    response, _ = download(signed_in, update)
    assert download_name(response) == "Panel_minutes__März.pdf"


@pytest.mark.parametrize("name", ["😀😀.txt", "!!!.txt", "…‽.txt", "_.txt", "-.txt"])
def test_a_name_without_letters_or_digits_becomes_evidence_and_keeps_its_extension(
    signed_in, action, name
):
    assert upload(signed_in, action, name, content=b"notes").status_code == 302
    assert upload(signed_in, action, name, content=b"more notes").status_code == 302
    first, second = ProgressUpdate.objects.filter(action=action).order_by("pk")
    first_name = os.path.basename(first.evidence_file.name)
    second_name = os.path.basename(second.evidence_file.name)
    assert first_name == "evidence.txt"
    # The storage's random suffix goes before the extension, so the download still opens.
    assert re.fullmatch(r"evidence_\w{7}\.txt", second_name)
    assert download_name(download(signed_in, second)[0]) == second_name


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("report.pdf", "report.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("..pdf", "evidence.pdf"),
        ("a b  c.pdf", "a_b__c.pdf"),
        ("x" * 300 + ".pdf", "x" * (EVIDENCE_NAME_BYTES - 4) + ".pdf"),
        ("😀" * 100 + "a.pdf", "a.pdf"),
        ("文" * 100 + ".pdf", "文" * 65 + ".pdf"),  # 195 bytes: a 66th would be cut in two
        # Composed where it can be; a combining mark left over is dropped, as Django does.
        ("e\u0301t\u0301e\u0301.txt", "\u00e9t\u00e9.txt"),
        ("no extension", "no_extension"),
        ("report." + "x" * 40, ("report." + "x" * 40)),
        ("C:\\Users\\me\\minutes.pdf", "minutes.pdf"),
    ],
)
def test_stored_names(name, stored):
    assert evidence_filename(name) == stored
    assert len(evidence_filename(name).encode()) <= EVIDENCE_NAME_BYTES


UTF16_TEXT = "Minutes of the panel: £40 for the venue.\r\nNo NULs in sight.\r\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le")),
        ("notes.txt", codecs.BOM_UTF16_BE + UTF16_TEXT.encode("utf-16-be")),
        ("notes.txt", UTF16_TEXT.encode("utf-16")),
        ("notes.txt", codecs.BOM_UTF8 + UTF16_TEXT.encode("utf-8")),
        ("figures.csv", codecs.BOM_UTF16_LE + "a,b\r\n1,2\r\n".encode("utf-16-le")),
        ("figures.csv", codecs.BOM_UTF8 + b"a,b\r\n1,2\r\n"),
        # Longer than the 2,048 bytes checked, with a character cut in two at the end.
        ("long.txt", ("😀" * 1000).encode("utf-16")),
    ],
)
def test_unicode_text_files_with_a_byte_order_mark_are_accepted(signed_in, action, name, content):
    response = upload(signed_in, action, name, content=content)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=action)
    assert download(signed_in, update)[1] == content


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",  # a program
        codecs.BOM_UTF16_LE + b"MZ\x00\x00\x03\x00",  # a program behind a byte order mark
        codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00",  # a broken surrogate pair: not UTF-16
    ],
)
def test_binary_files_are_still_not_text(signed_in, action, content):
    response = upload(signed_in, action, "notes.txt", content=content)
    assert response.status_code == 200
    assert "The file is not a TXT file." in response.content.decode()
    assert not ProgressUpdate.objects.exists()
