"""Links that leave the request: in e-mails, notifications and calendars."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def site_url(path: str) -> str:
    """An absolute address on this site (SITE_BASE_URL), for mails and feeds read outside a request."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def czech_path(name: str, **kwargs) -> str:
    """A URL path in Czech, the working group's language, whatever language the request is in."""
    with translation.override("cs"):
        return reverse(name, kwargs=kwargs)
