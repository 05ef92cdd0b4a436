"""Request bodies over the limit are refused with 413 before they are read, under ASGI and under WSGI."""

import asyncio

import pytest
from django.conf import settings

from portal.asgi import application
from portal.request_limits import RequestBodyLimitASGIMiddleware

MB = 1024 * 1024
HUGE = 200 * MB
CZECH_TITLE = "Odesílaná data jsou příliš velká"


def http_scope(path="/ucet/login/", headers=()):
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/octet-stream"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


class ChunkedBody:
    """An ASGI `receive` offering `total` bytes in 1 MB chunks, counting what was taken."""

    def __init__(self, total: int):
        self.total = total
        self.taken = 0

    async def __call__(self):
        if self.taken >= self.total:
            await asyncio.sleep(3600)  # nothing more: a real server would wait for a disconnect
        chunk = min(MB, self.total - self.taken)
        self.taken += chunk
        return {"type": "http.request", "body": b"x" * chunk, "more_body": self.taken < self.total}


async def never_receive():
    raise AssertionError("the body must not be read")


def call(app, scope, receive) -> list[dict]:
    sent = []

    async def send(message):
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=30))
    return sent


def status_and_body(sent: list[dict]) -> tuple[int, str]:
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, sent
    return starts[0]["status"], b"".join(m.get("body", b"") for m in sent[1:]).decode()


def test_the_limit_is_just_above_the_largest_upload():
    largest = max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    assert largest < settings.MAX_REQUEST_BODY_BYTES <= largest + 10 * MB


def test_asgi_refuses_a_declared_length_over_the_limit_without_reading_the_body():
    scope = http_scope(headers=[(b"content-length", str(HUGE).encode())])
    status, page = status_and_body(call(application, scope, never_receive))
    assert status == 413
    assert CZECH_TITLE in page and '<html lang="cs">' in page


def test_asgi_stops_a_body_without_length_once_it_passes_the_limit():
    body = ChunkedBody(HUGE)
    sent = call(application, http_scope(), body)
    status, page = status_and_body(sent)
    assert status == 413 and CZECH_TITLE in page
    assert body.taken <= settings.MAX_REQUEST_BODY_BYTES + MB  # not the 200 MB on offer
    headers = dict(sent[0]["headers"])
    assert headers[b"connection"] == b"close" and headers[b"content-type"].startswith(b"text/html")


def test_asgi_page_is_english_under_en():
    scope = http_scope(path="/en/account/login/", headers=[(b"content-length", str(HUGE).encode())])
    status, page = status_and_body(call(application, scope, never_receive))
    assert status == 413 and "The upload is too large" in page and '<html lang="en">' in page


def test_asgi_passes_bodies_within_the_limit_untouched():
    received = []

    async def echo(scope, receive, send):
        while True:
            message = await receive()
            received.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(sum(received)).encode()})

    size = settings.MAX_REQUEST_BODY_BYTES - 1
    for headers in ([], [(b"content-length", str(size).encode())]):
        received.clear()
        status, body = status_and_body(
            call(RequestBodyLimitASGIMiddleware(echo), http_scope(headers=headers), ChunkedBody(size))
        )
        assert (status, body) == (200, str(size))


def test_asgi_does_not_answer_twice_when_the_application_already_answered():
    async def answers_first(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        while (await receive())["type"] == "http.request":
            pass  # until the middleware says the client left
        await send({"type": "http.response.body", "body": b"late"})

    sent = call(RequestBodyLimitASGIMiddleware(answers_first), http_scope(), ChunkedBody(HUGE))
    assert [m["type"] for m in sent] == ["http.response.start"]


def test_asgi_leaves_other_connections_alone():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    call(RequestBodyLimitASGIMiddleware(app), {"type": "lifespan"}, never_receive)
    assert seen == ["lifespan"]


class WatchedInput:
    """A WSGI input that records every attempt to read it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        return b""

    readline = read


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title"), [("/ucet/login/", CZECH_TITLE), ("/en/account/login/", "The upload is too large")]
)
def test_wsgi_refuses_a_declared_length_over_the_limit_without_reading_the_body(client, path, title):
    assert settings.MIDDLEWARE[0] == "portal.request_limits.RequestBodyLimitMiddleware"
    body = WatchedInput()
    response = client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(HUGE),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.reads == 0
    assert title in response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8" and response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_wsgi_passes_bodies_within_the_limit(client):
    response = client.post("/ucet/login/", {"login": "nikdo@example.org", "password": "x" * 12})
    assert response.status_code == 200  # the sign-in form again, with its error
