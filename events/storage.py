"""Meeting annexes live outside MEDIA_ROOT: nothing serves them but a view that checks permission."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _


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
