"""A page's language without a query: pages carry only their locale's id, and Wagtail reads the
locale row each time `page.locale` is touched (once per page and request, several times a page)."""

from functools import lru_cache

from wagtail.models import Locale, Page


@lru_cache(maxsize=32)
def _language_code(locale_id: int) -> str:
    # Locales are made when the site is set up and their codes are not edited afterwards.
    return Locale.objects.get(pk=locale_id).language_code


def language_of(page: Page) -> str:
    return _language_code(page.locale_id)
