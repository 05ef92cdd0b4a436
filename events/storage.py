"""Meeting annexes live outside MEDIA_ROOT: nothing serves them but a view that checks permission."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PrivateStorage(LazyObject):
    def _setup(self):
        # No base_url: the files have no public address.
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def private_storage_of_field():
    """`FileField(storage=private_storage_of_field)`: a callable, so a migration names it instead of
    freezing the folder of whoever ran `makemigrations`."""
    return private_storage


def validate_attachment_size(file) -> None:
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(_("The file is too large; the limit is %(limit)s.") % {"limit": filesizeformat(limit)})


FILE = gettext_lazy("file")


def private_document_field(upload_to: str, verbose_name=FILE, **options):
    """A document kept outside MEDIA_ROOT, of an extension and size documents may have (annexes, evidence)."""
    from django.core.validators import FileExtensionValidator
    from django.db import models

    validators = [FileExtensionValidator(settings.WAGTAILDOCS_EXTENSIONS), validate_attachment_size]
    return models.FileField(
        verbose_name, storage=private_storage_of_field, upload_to=upload_to, validators=validators, **options
    )


def download_name(title: str, file, fallback: str) -> str:
    """The name people download a document under: its title, not the storage's de-duplicated name."""
    from django.utils.text import slugify

    extension = file.name.rsplit(".", 1)[-1].lower()
    return f"{slugify(title) or fallback}.{extension}"
