"""An uploaded file's content must be what its extension says (portal/uploads.py)."""

import io
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from wagtail.images.fields import WagtailImageField

from portal.uploads import CHECKS, ODF_MIMETYPES, validate_upload_content

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def zipped(members: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members.items()):
            compression = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def ooxml(part: str) -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", part: b"<x/>"})


def odf(extension: str) -> bytes:
    return zipped({"mimetype": ODF_MIMETYPES[extension], "content.xml": b"<x/>"}, stored_first=True)


def xlsx() -> bytes:
    """A real workbook, as a spreadsheet program writes it."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Obec"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = {
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "docx": ooxml("word/document.xml"),
    "xlsx": xlsx(),
    "pptx": ooxml("ppt/presentation.xml"),
    "odt": odf("odt"),
    "ods": odf("ods"),
    "odp": odf("odp"),
    "rtf": b"{\\rtf1\\ansi\\deff0 Dobr\\'fd den}",
    "txt": "Dobrý den,\nposílám podklady.\n".encode(),
    "csv": "\ufeffobec;počet bytů\nOstrava;12\n".encode(),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_every_accepted_extension_has_a_check_and_a_sample_here():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == set(CHECKS) == set(GOOD)


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_genuine_files_pass_and_are_left_readable_from_the_start(extension):
    file = upload(f"podklad.{extension.upper()}", GOOD[extension])
    validate_upload_content(file)
    assert file.read() == GOOD[extension]


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_html_under_any_accepted_extension_is_refused(extension):
    with pytest.raises(ValidationError):
        validate_upload_content(upload(f"podklad.{extension}", HTML))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tabulka.xlsx", GOOD["docx"]),  # another Office kind
        ("text.ods", GOOD["odt"]),  # another OpenDocument kind
        ("archiv.docx", zipped({"index.html": HTML})),  # a zip, but no Office package
        ("obal.docx", HTML + GOOD["docx"]),  # HTML in front of a real package
        ("prazdny.pdf", b""),
        ("skoro.pdf", b" %PDF-1.4"),
        ("odt-bez-mimetype.odt", zipped({"content.xml": b"<x/>", "mimetype": ODF_MIMETYPES["odt"]})),
        ("cp1250.csv", "obec;počet\nOstrava;12\n".encode("cp1250")),  # not UTF-8
        ("nula.txt", b"text\x00binary"),
        ("skript.csv", b"\n  <script>alert(1)</script>;1\n"),
        ("obrazek.txt", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("program.exe", b"MZ\x90\x00"),
        ("bez-pripony", b"%PDF-1.4"),
    ],
)
def test_content_that_is_not_its_extension_is_refused(name, content):
    with pytest.raises(ValidationError):
        validate_upload_content(upload(name, content))


def test_a_large_upload_on_disk_is_checked_too():
    file = TemporaryUploadedFile("zapis.txt", "text/plain", 0, "utf-8")
    file.write(("řádek textu\n" * 200_000).encode())
    file.write(b"\xff")  # the one invalid byte, far past the first chunk
    with pytest.raises(ValidationError):
        validate_upload_content(file)
    file.close()


def test_refusals_read_in_czech():
    with translation.override("cs"), pytest.raises(ValidationError) as error:
        validate_upload_content(upload("podklad.pdf", HTML))
    assert error.value.messages == ["Obsah souboru „podklad.pdf“ neodpovídá jeho příponě .pdf."]
    with translation.override("cs"), pytest.raises(ValidationError) as error:
        validate_upload_content(upload("seznam.csv", HTML))
    assert error.value.messages == ["Soubor „seznam.csv“ musí být prostý text v kódování UTF-8, ne HTML."]


def test_images_are_left_to_wagtail_which_compares_the_content_with_the_extension():
    with pytest.raises(ValidationError):
        WagtailImageField().clean(upload("fotka.png", HTML))
