"""Which home page and which translations belong to the request's language."""

from wagtail.models import Page, Site

from portal.locales import language_of


def localized_home(request) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized.specific


def page_translation_urls(page: Page, request) -> dict[str, str]:
    """Language code -> URL of the page's live translation; the localized home where none exists."""
    urls = {}
    site = Site.find_for_request(request)
    homes = site.root_page.get_translations(inclusive=True).live().select_related("locale") if site else []
    for home in homes:
        urls[language_of(home)] = home.get_url(request)
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        urls[language_of(translation)] = translation.get_url(request)
    # A page kept in one language may be shown in the others at an address of its app's own.
    language_urls = getattr(page, "language_urls", None)
    if language_urls is not None:
        urls.update(language_urls(request))
    return urls
