"""`make run` with another PORT: the site's address (sitemap, page links) follows SITE_BASE_URL."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def test_site_address_follows_the_base_url(client):
    with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8100"):
        call_command("site_address", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8100)
    assert "http://127.0.0.1:8100/" in client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8100").content.decode()
