"""Even the embedded default (DEBUG on) never serves uploaded documents straight from MEDIA_ROOT."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches

import portal.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls():
    with override_settings(DEBUG=True):
        importlib.reload(portal.urls)
        clear_url_caches()
        yield
    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture
def media_files():
    root = Path(settings.MEDIA_ROOT)
    files = {"documents/tajne-usneseni.pdf": b"%PDF-1.4 private", "images/logo.png": b"\x89PNG\r\n\x1a\n"}
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    yield
    for name in files:
        (root / name).unlink()


def test_documents_are_not_served_from_media_even_in_debug(client, debug_urls, media_files):
    response = client.get("/media/documents/tajne-usneseni.pdf")
    assert response.status_code == 404
    assert b"private" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_images_are_served_in_debug(client, debug_urls, media_files):
    response = client.get("/media/images/logo.png")
    assert response.status_code == 200
