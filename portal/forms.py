"""Forms of the site core that replace Wagtail's own."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from portal.uploads import validate_upload_content


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (`WAGTAILDOCS_DOCUMENT_FORM_BASE`), used by the single and the multiple
    uploader: a new file's content must fit its extension (portal/uploads.py)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file; an unchanged one is the stored FieldFile
            validate_upload_content(upload)
        return upload
