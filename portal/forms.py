"""Forms of the site core: Wagtail's document form, a person's profile, and how a service's refusal
reaches a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from portal.models import User
from portal.uploads import validate_upload_content


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (`WAGTAILDOCS_DOCUMENT_FORM_BASE`), used by the single and the multiple
    uploader: a new file's content must fit its extension (portal/uploads.py)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file; an unchanged one is the stored FieldFile
            validate_upload_content(upload)
        return upload


def add_service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its field where the form has one, else above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ProfileForm(forms.ModelForm):
    """The name registers, attendance, minutes and e-mails give, and the person's title and position."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "title", "position"]
        labels = {"first_name": _("First name"), "last_name": _("Last name"), "title": _("Academic title")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = self.fields["last_name"].required = True
