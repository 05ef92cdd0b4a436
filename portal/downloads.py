"""Files people download leave as attachments that the browser neither renders nor sniffs.

A file uploaded by one member and opened by another must not run as a page of the site: HTML or SVG
under our origin could read the reader's session. So every download is `Content-Disposition:
attachment`, `X-Content-Type-Options: nosniff`, and carries its own `Content-Security-Policy` that
allows nothing and sandboxes the document should a browser show it anyway; files that are not public
are also `Cache-Control: private, no-store`.

Our own views build their downloads with `attachment_response`. Wagtail's document view has no hook
after it builds its response, so `DocumentDownloadMiddleware` adds the headers there.
"""

import mimetypes

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from wagtail.documents import get_document_model

DOWNLOAD_POLICY = "default-src 'none'; sandbox"
PRIVATE_CACHE_CONTROL = "private, no-store"
DOCUMENT_SERVE_URL_NAME = "wagtaildocs_serve"


def harden_download(response, *, private: bool = True):
    """Makes the response a download (keeping its file name) and adds the headers above. Our policy
    is set here, so the site's CSP middleware, which never replaces a policy, leaves it alone."""
    disposition = response.get("Content-Disposition", "")
    if disposition.lower().startswith("inline"):
        response["Content-Disposition"] = "attachment" + disposition[len("inline") :]
    elif not disposition.lower().startswith("attachment"):
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    if private:
        response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    return response


def attachment_response(content, *, filename: str, content_type: str | None = None, private: bool = True):
    """A download of `content` (bytes, or an open binary file, which is streamed and closed) under
    `filename`. The content type is guessed from the name when not given."""
    if isinstance(content, bytes | bytearray):
        guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = HttpResponse(content, content_type=content_type or guessed)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    return harden_download(response, private=private)


def _document_is_private(document_id) -> bool:
    document = get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    return document is None or document.collection.get_view_restrictions().exists()


class DocumentDownloadMiddleware:
    """Adds the download headers to the files Wagtail's document view serves (not to its redirects to
    sign-in). Sits outside the CSP middleware in MIDDLEWARE, so its policy is the one that leaves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != DOCUMENT_SERVE_URL_NAME:
            return response
        if response.has_header("Content-Disposition") or response.status_code == 304:
            harden_download(response, private=_document_is_private(match.args[0]))
        return response
