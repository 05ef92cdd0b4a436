"""Documents for the city's records as tagged PDF (PDF/UA-1, WeasyPrint), on the shared A4 stylesheet,
headed by the letterhead of the portal's operator."""

import base64
import mimetypes
from dataclasses import dataclass
from functools import cached_property

from django.contrib.staticfiles import finders
from wagtail.models import Site

from portal.models import OperatorSettings

PRINT_CSS = "portal/css/print.css"
# Big enough for print at the letterhead's size (about 45 mm wide), small enough to embed in every PDF.
LOGO_RENDITION = "max-600x200"


@dataclass
class Logo:
    """The operator's logo: a web address for the print view, the image itself for the PDF."""

    rendition: object
    alt: str

    @property
    def url(self) -> str:
        return self.rendition.url

    @property
    def width(self) -> int:
        return self.rendition.width

    @property
    def height(self) -> int:
        return self.rendition.height

    @cached_property
    def data_uri(self) -> str:
        """The image inline: WeasyPrint renders from a string with no base address, so a relative
        /media/ address would not load, and a data URI works whatever the storage (disk or S3)."""
        mimetype = mimetypes.guess_type(self.rendition.file.name)[0] or "image/png"
        with self.rendition.file.open("rb") as handle:
            encoded = base64.b64encode(handle.read()).decode("ascii")
        return f"data:{mimetype};base64,{encoded}"


def letterhead() -> dict:
    """Who heads the print views and PDFs: the operator from the site settings, or the site's name
    while the operator is not filled in (never the contact centre, which is not the portal's owner)."""
    site = Site.objects.filter(is_default_site=True).first()
    operator = OperatorSettings.objects.select_related("logo").filter(site=site).first() if site else None
    site_name = site.site_name if site else ""
    name = (operator.name if operator else "") or site_name
    logo = None
    if operator and operator.logo:
        logo = Logo(rendition=operator.logo.get_rendition(LOGO_RENDITION), alt=name)
    return {
        "letterhead": {
            "name": name,
            "office": operator.office if operator else "",
            "department": operator.department if operator else "",
            "address": operator.address if operator else "",
            "logo": logo,
        },
        "site_name": site_name,
    }


def tagged_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # only where it is used (a heavy import)

    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    # PDF/UA-1: tagged structure, document language from <html lang="cs">, title from <title>.
    # Left uncompressed (a few pages, tens of kB) so the tags can be checked without a PDF library.
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=True)
