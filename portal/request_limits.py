"""Request bodies over `settings.MAX_REQUEST_BODY_BYTES` are refused with 413 before they are read.

Two layers share the limit and the page:

- `RequestBodyLimitASGIMiddleware` wraps the Django ASGI application (`portal/asgi.py`). It has to sit
  outside Django: Django's ASGIHandler reads the whole body into a temporary file before any Django
  middleware runs. It answers from Content-Length without reading anything, and counts the bytes of a
  body sent without one (chunked), stopping once they pass the limit. It relies on nothing but the ASGI
  messages, so it works under any ASGI server.
- `RequestBodyLimitMiddleware`, first in MIDDLEWARE, checks Content-Length under WSGI (gunicorn), where
  Django reads the body only when a view asks for it.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

# The page is ours alone: no inner middleware adds the site's headers to it.
TOO_LARGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
}


def declared_length(value: str | bytes | None) -> int | None:
    """The body length a request announces, or None when it announces none (or nonsense)."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def too_large(length: int | None) -> bool:
    return length is not None and length > settings.MAX_REQUEST_BODY_BYTES


def too_large_page(path: str) -> bytes:
    """A short page in the language of the address (Czech unless the path is under /en/)."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        title = gettext("The upload is too large")
        text = gettext("At most %(limit)s can be sent at once. Send a smaller file, or fewer files at a time.") % {
            "limit": filesizeformat(settings.MAX_REQUEST_BODY_BYTES)
        }
    page = format_html(
        '<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
        "<body><h1>{}</h1><p>{}</p></body></html>\n",
        language,
        title,
        title,
        text,
    )
    return page.encode()


class RequestBodyLimitMiddleware:
    """The WSGI layer: Content-Length over the limit never reaches a view, so the body stays unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if too_large(declared_length(request.META.get("CONTENT_LENGTH"))):
            return HttpResponse(too_large_page(request.path_info), status=413, headers=TOO_LARGE_HEADERS)
        return self.get_response(request)


class RequestBodyLimitASGIMiddleware:
    """The ASGI layer, around Django's ASGI application (HTTP only)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if too_large(declared_length(headers.get(b"content-length"))):
            await self._refuse(scope, send)  # the body is never received
            return

        received = 0
        refused = False
        response_started = False

        async def counting_receive():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if too_large(received):
                    refused = True
                    if not response_started:
                        await self._refuse(scope, send)
                    # To the application the client has gone: Django drops what it has read and stops.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            nonlocal response_started
            if refused:
                return  # the 413 went out instead
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        await self.app(scope, counting_receive, guarded_send)

    @staticmethod
    async def _refuse(scope, send) -> None:
        body = too_large_page(scope.get("path", ""))
        headers = [(name.lower().encode(), value.encode()) for name, value in TOO_LARGE_HEADERS.items()]
        # The rest of the body is not read, so the connection cannot carry another request.
        headers += [(b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
