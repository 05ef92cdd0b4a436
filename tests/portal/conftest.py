import datetime

import pytest
from wagtail.models import Site

from portal.models import ContactSettings, FooterSettings
from tests.factories import StandardPageFactory, translate


@pytest.fixture
def site_pages(db) -> dict:
    """The site core's own pages as an operator sets them up: two in the main menu, the accessibility
    statement in the footer, each with its English copy, and the contact centre's hours."""
    pages = {
        "about": StandardPageFactory(title="O pracovní skupině", slug="o-pracovni-skupine", show_in_menus=True),
        "contact": StandardPageFactory(title="Kontaktní centrum", slug="kontaktni-centrum", show_in_menus=True),
        "accessibility": StandardPageFactory(title="Prohlášení o přístupnosti", slug="prohlaseni-o-pristupnosti"),
    }
    english = {
        "about": ("About the working group", "about-the-working-group"),
        "contact": ("Contact centre", "contact-centre"),
        "accessibility": ("Accessibility statement", "accessibility-statement"),
    }
    for key, (title, slug) in english.items():
        translate(pages[key], title=title, slug=slug)
    site = Site.objects.get(is_default_site=True)
    footer = FooterSettings.for_site(site)
    footer.links = [("page", pages["accessibility"])]
    footer.save()
    contact = ContactSettings.for_site(site)
    contact.email = "socialni.bydleni@mpsv.cz"
    contact.consultation_hours = [
        ("hours", {"weekday": "0", "opens": datetime.time(12), "closes": datetime.time(16)}),
    ]
    contact.save()
    return pages
