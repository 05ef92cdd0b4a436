"""An uploaded file's content must be what its extension says: HTML named `.pdf` is refused.

One check per extension we accept for documents and annexes (`WAGTAILDOCS_EXTENSIONS`); an extension
without a check here is refused, so adding one to the setting needs a check too. Images are checked by
Wagtail itself (`WagtailImageField` opens the file and compares its format with the extension).
Used by the annex form (`events/forms.py`) and the Wagtail document form (`portal/forms.py`).
"""

import codecs
import zipfile
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 1024
ZIP_SIGNATURE = b"PK\x03\x04"
# The part folder of each Office Open XML kind, next to the [Content_Types].xml every package has.
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
# OpenDocument: the first member is `mimetype`, stored uncompressed, so it sits at fixed offsets.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
ODF_NAME_OFFSET, ODF_MIMETYPE_OFFSET = 30, 38


def _head(upload, size: int = HEAD_BYTES) -> bytes:
    upload.seek(0)
    try:
        return upload.read(size)
    finally:
        upload.seek(0)


def _zip_names(upload) -> set[str] | None:
    if _head(upload, 4) != ZIP_SIGNATURE:
        return None  # zipfile would also accept an archive with something else in front
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _is_pdf(upload, extension: str) -> bool:
    return _head(upload).startswith(b"%PDF-")


def _is_rtf(upload, extension: str) -> bool:
    return _head(upload).startswith(b"{\\rtf")


def _is_ooxml(upload, extension: str) -> bool:
    names = _zip_names(upload)
    part = OOXML_PARTS[extension]
    return bool(names) and "[Content_Types].xml" in names and any(name.startswith(part) for name in names)


def _is_odf(upload, extension: str) -> bool:
    mimetype = ODF_MIMETYPES[extension]
    head = _head(upload)
    if not (
        head.startswith(ZIP_SIGNATURE)
        and head[ODF_NAME_OFFSET:ODF_MIMETYPE_OFFSET] == b"mimetype"
        and head[ODF_MIMETYPE_OFFSET : ODF_MIMETYPE_OFFSET + len(mimetype)] == mimetype
    ):
        return False
    names = _zip_names(upload)  # and the rest is a readable archive
    return bool(names) and "mimetype" in names


def _is_plain_text(upload, extension: str) -> bool:
    """UTF-8 all the way through, no NUL bytes, and no markup where a browser would look for it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    start = _head(upload).decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n\f")
    return not start.startswith("<")


CHECKS: dict[str, Callable[[UploadedFile, str], bool]] = {
    "pdf": _is_pdf,
    "rtf": _is_rtf,
    **dict.fromkeys(OOXML_PARTS, _is_ooxml),
    **dict.fromkeys(ODF_MIMETYPES, _is_odf),
    "txt": _is_plain_text,
    "csv": _is_plain_text,
}
TEXT_EXTENSIONS = frozenset({"txt", "csv"})


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_upload_content(upload: UploadedFile) -> None:
    """Raises a ValidationError (in the active language) unless the content fits the extension."""
    name = upload.name or ""
    extension = extension_of(name)
    check = CHECKS.get(extension)
    if check is None:
        raise ValidationError(
            _("Files of type .%(extension)s cannot be uploaded."),
            code="invalid_extension",
            params={"extension": extension},
        )
    if check(upload, extension):
        return
    if extension in TEXT_EXTENSIONS:
        raise ValidationError(
            _("The file “%(name)s” must be plain text in UTF-8, not HTML."),
            code="invalid_content",
            params={"name": name},
        )
    raise ValidationError(
        _("The content of the file “%(name)s” does not match its extension .%(extension)s."),
        code="invalid_content",
        params={"name": name, "extension": extension},
    )
