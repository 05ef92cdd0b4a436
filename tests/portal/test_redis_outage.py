"""Redis down must not take the site down: pages are served without the cache, sign-in fails closed
with a 503, the notification socket is refused cleanly, and all of it recovers when Redis returns.

Each test runs its own throwaway redis-server on a free port (tests/ports.py: it may be restarted on the
same port), configured exactly as `portal/settings/base.py` configures Redis from REDIS_URL, and kills it.
"""

import importlib.util
import logging
import os
import socket
import time
from pathlib import Path
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from portal.asgi import application
from tests.conftest import PASSWORD, make_user
from tests.ports import free_port
from tests.servers import ThrowawayRedis

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings" / "base.py"
SIGN_IN_UNAVAILABLE = "Přihlášení je teď nedostupné, zkuste to prosím za chvíli."


def settings_made_from(redis_url: str):
    """portal/settings/base.py as it comes out with REDIS_URL set (evaluated afresh, not imported)."""
    spec = importlib.util.spec_from_file_location("_base_settings_with_redis", BASE_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, {"REDIS_URL": redis_url}):
        spec.loader.exec_module(module)
    return module


@pytest.fixture
def throwaway_redis():
    server = ThrowawayRedis()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def site_on_redis(throwaway_redis):
    """The cache and the channel layer on the throwaway Redis, as production configures them; failures
    retried at once (not after CACHE_OUTAGE_RETRY_SECONDS) so that recovery shows without waiting.
    override_settings resets Django's cache handler and the channel layers itself."""
    made = settings_made_from(throwaway_redis.url)
    with override_settings(CACHES=made.CACHES, CHANNEL_LAYERS=made.CHANNEL_LAYERS, CACHE_OUTAGE_RETRY_SECONDS=0):
        yield throwaway_redis


@pytest.fixture
def redis_down(site_on_redis):
    site_on_redis.kill()
    return site_on_redis


def anonymous_client() -> Client:
    return Client(raise_request_exception=False)


# --- pages ---

PUBLIC_PAGES = ["/", "/dobra-praxe/", "/dobra-praxe/ostrava-pracovni-skupina/", "/hledat/?q=bydleni"]


@pytest.fixture
def record(library):
    from tests.factories import GoodPracticeFactory

    return GoodPracticeFactory(parent=library, title="Ostrava: pracovní skupina", introduction="Sociální bydlení")


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_while_redis_is_down(record, redis_down, path):
    client = anonymous_client()
    for _ in range(2):  # the second time after the outage has been noticed
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_login_page_and_members_area_answer_while_redis_is_down(member, redis_down):
    assert anonymous_client().get("/ucet/login/").status_code == 200
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(member)  # sessions live in the database
    assert signed_in.get("/clenove/").status_code == 200
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_outage_is_logged_once_and_its_end_once(library, site_on_redis, caplog):
    caplog.set_level(logging.INFO, logger="portal.resilient_cache")
    client = anonymous_client()
    site_on_redis.kill()
    for path in ["/", "/dobra-praxe/", "/", "/hledat/?q=bydleni"]:
        assert client.get(path).status_code == 200
    warnings = [r for r in caplog.records if r.name == "portal.resilient_cache" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # one line, no traceback
    site_on_redis.start()
    client.get("/")
    client.get("/")
    infos = [r for r in caplog.records if r.name == "portal.resilient_cache" and r.levelno == logging.INFO]
    assert len(infos) == 1 and "available again" in infos[0].getMessage()


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_caching_resumes_when_redis_returns_without_a_restart(redis_down):
    client = anonymous_client()
    assert queries_for(client, "/") > 0
    assert queries_for(client, "/") > 0  # nothing is cached while Redis is down
    redis_down.start()  # the same port, empty
    queries_for(client, "/")
    assert queries_for(client, "/") == 0  # served from the cache again


@pytest.mark.django_db
def test_publishing_during_an_outage_retires_pages_cached_before_it(site_on_redis):
    """Redis merely unreachable (its data kept): what was published meanwhile must show afterwards."""
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(title="O pracovní skupině", show_in_menus=True)
    client = anonymous_client()
    client.get("/")  # cached in Redis
    reachable = settings_made_from(site_on_redis.url).CACHES
    unreachable = settings_made_from(f"redis://127.0.0.1:{free_port()}/0").CACHES
    with override_settings(CACHES=unreachable):
        page.title = "Zveřejněno během výpadku"
        page.save_revision().publish()
    with override_settings(CACHES=reachable):
        assert "Zveřejněno během výpadku" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_hanging_redis_costs_one_short_timeout_not_one_per_call():
    """A host that takes connections and never answers (the worst case): the short socket timeouts
    from the settings, and one attempt per CACHE_OUTAGE_RETRY_SECONDS, keep the page fast."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # the kernel completes the handshakes; nobody ever answers
        made = settings_made_from(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        with override_settings(CACHES=made.CACHES):
            started = time.monotonic()
            assert anonymous_client().get("/").status_code == 200
            assert time.monotonic() - started < 3


# --- sign-in fails closed ---


def assert_refused_in_czech(response) -> None:
    assert response.status_code == 503
    html = response.content.decode()
    assert SIGN_IN_UNAVAILABLE in html
    assert '<html lang="cs">' in html and 'class="site-header"' in html  # the site's layout
    assert response["Retry-After"]


@pytest.mark.django_db
def test_login_fails_closed_while_redis_is_down(member, redis_down):
    client = anonymous_client()
    response = client.post("/ucet/login/", {"login": member.email, "password": PASSWORD})
    assert_refused_in_czech(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/clenove/").status_code == 302  # still not signed in


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/ucet/signup/",
            {
                "email": "novy@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "first_name": "Eva",
                "last_name": "Malá",
            },
        ),
        ("/ucet/password/reset/", {"email": "clen@example.org"}),
    ],
)
def test_signup_and_password_reset_fail_closed_while_redis_is_down(member, redis_down, path, data, mailoutbox):
    assert_refused_in_czech(anonymous_client().post(path, data))
    assert mailoutbox == []


@pytest.mark.django_db
def test_reauthentication_fails_closed_while_redis_is_down(member, redis_down):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    assert_refused_in_czech(client.post("/ucet/reauthenticate/", {"password": PASSWORD}))


@pytest.mark.django_db
def test_newsletter_limit_fails_closed_while_redis_is_down(redis_down):
    response = anonymous_client().post("/zpravodaj/", {"email": "ctenar@example.org", "consent": "on"})
    assert response.status_code == 503
    assert "Tato akce je teď nedostupná, zkuste to prosím za chvíli." in response.content.decode()


@pytest.mark.django_db
def test_login_works_again_when_redis_returns(member, redis_down):
    client = anonymous_client()
    assert client.post("/ucet/login/", {"login": member.email, "password": PASSWORD}).status_code == 503
    redis_down.start()
    response = client.post("/ucet/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


# --- the notification socket ---

ORIGIN = (b"origin", b"http://localhost")


def socket_headers(user) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    return [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()), ORIGIN]


@pytest.mark.django_db(transaction=True)
def test_socket_is_refused_cleanly_while_the_channel_layer_is_down(site_on_redis, caplog):
    headers = socket_headers(make_user("vypadek@example.org"))
    site_on_redis.kill()

    async def refused():
        communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
        connected, code = await communicator.connect(timeout=5)  # the app raising would raise here
        await communicator.disconnect()
        return connected, code

    async def accepted():
        communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
        connected, _ = await communicator.connect(timeout=5)
        hello = await communicator.receive_json_from(timeout=5) if connected else None
        await communicator.disconnect()
        return connected, hello

    caplog.set_level(logging.INFO)
    assert async_to_sync(refused)() == (False, 4503)  # closed before accept(): the handshake is refused
    refusals = [r for r in caplog.records if r.name == "portal.consumers"]
    assert len(refusals) == 1 and refusals[0].exc_info is None
    assert not [r for r in caplog.records if r.exc_info]  # no traceback from anyone
    site_on_redis.start()
    assert async_to_sync(accepted)() == (True, {"type": "hello", "unread": 0})


@pytest.mark.django_db
def test_polling_fallback_works_while_redis_is_down(member, redis_down):
    """When the socket keeps failing, site.js polls the count URL the page names: it must answer."""
    client = Client(raise_request_exception=False)
    client.force_login(member)
    html = client.get("/").content.decode()
    assert 'data-notification-socket="/ws/notifications/"' in html
    assert 'data-notification-count-url="/oznameni/pocet/"' in html
    assert client.get("/oznameni/pocet/").json() == {"unread": 0}


def test_the_cache_reuses_one_redis_client_per_pool(site_on_redis):
    """Django would build a client object for every call; ours keeps one per pool (reads and writes
    share it with a single server). The outage tests above run through that shared client."""
    from django.core.cache import cache

    cache.set("reuse-probe", 1)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache.get("reuse-probe") == 1 and cache._cache.get_client() is client
