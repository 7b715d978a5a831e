"""Evidence files: only document and image types, checked by content as well as name."""

import codecs
from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# Extension -> the bytes a genuine file of that type starts with (None: text).
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".csv": None,
    ".txt": None,
}


def _looks_like_text(head):
    """Whether the first bytes of a file are text: no NUL, or UTF-16 text with a BOM.

    Windows Notepad saves "Unicode" text as UTF-16 with a byte order mark, where every
    other byte of English text is NUL; the rest of the file must then decode as UTF-16
    with no NUL character in it. (A UTF-8 BOM has no NUL, so such files pass anyway.)
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = codecs.getincrementaldecoder("utf-16")().decode(head, final=False)
        except UnicodeDecodeError:
            return False
        return "\x00" not in text
    return b"\x00" not in head


class EvidenceFileField(forms.FileField):
    default_help_text = (
        f"PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or text, up to "
        f"{filesizeformat(MAX_EVIDENCE_BYTES)}. Only signed-in staff and parent "
        "representatives can open it."
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", self.default_help_text)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        extension = Path(upload.name).suffix.lower()
        if extension not in SIGNATURES:
            raise forms.ValidationError(
                "The evidence file must be a PDF, Word, Excel, PowerPoint, OpenDocument, "
                "PNG, JPEG, CSV or text file."
            )
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(
                f"The evidence file must be smaller than {filesizeformat(MAX_EVIDENCE_BYTES)}."
            )
        head = upload.read(2048)
        upload.seek(0)
        signatures = SIGNATURES[extension]
        if signatures is None:
            if not _looks_like_text(head):
                raise forms.ValidationError(f"The file is not a {extension[1:].upper()} file.")
        elif not head.startswith(signatures):
            raise forms.ValidationError(
                f"The file’s content does not match its name: it is not a "
                f"{extension[1:].upper()} file."
            )
        return upload
