"""Documents for the city's records as tagged PDF (PDF/UA-1, WeasyPrint), on the shared A4 stylesheet,
with the site's letterhead."""

from django.contrib.staticfiles import finders
from wagtail.models import Site

from portal.models import ContactSettings

PRINT_CSS = "portal/css/print.css"


def letterhead() -> dict:
    site = Site.objects.filter(is_default_site=True).first()
    contact = ContactSettings.for_site(site) if site else None
    return {"letterhead": contact, "site_name": site.site_name if site else ""}


def tagged_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # only where it is used (a heavy import)

    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    # PDF/UA-1: tagged structure, document language from <html lang="cs">, title from <title>.
    # Left uncompressed (a few pages, tens of kB) so the tags can be checked without a PDF library.
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=True)
