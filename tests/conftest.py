import time

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import translation

from groups.models import BodyKind, BodyPage
from portal.models import User

PASSWORD = "Bezpecne-heslo-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from an empty site: a Czech home page with its English translation."""
    from tests.factories import build_site

    with django_db_blocker.unblock():
        build_site()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache (Redis in CI): no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request to an English page leaves English active in the thread (LocaleMiddleware does not
    switch back): every test starts and ends in the site's default language."""
    translation.deactivate()
    yield
    translation.deactivate()


def sign_in_fresh(client, user, *, method: str = "mfa"):
    """Signed in a moment ago, as allauth records it: what an approval needs (a bare force_login
    leaves no record of how or when the person authenticated)."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": method, "at": time.time()}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def make_user(email: str, *, verified: bool = True, **extra) -> User:
    user = User.objects.create_user(username=email, email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def member(db) -> User:
    return make_user("clen@example.org", first_name="Jana", last_name="Nováková")


@pytest.fixture
def staff_user(db) -> User:
    return make_user("spravce@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def library(db):
    """The good-practice library (`/dobra-praxe/`, `/en/good-practice/`), empty."""
    from tests.factories import LibraryFactory, translate

    library = LibraryFactory()
    translate(library, title="Good practice from municipalities", slug="good-practice")
    return library


@pytest.fixture
def groups_index(db):
    from tests.factories import GroupsIndexFactory

    return GroupsIndexFactory()


@pytest.fixture
def working_group(groups_index) -> BodyPage:
    """A working group of its own (built, not the demo's): nobody sits in it until a test says so."""
    from tests.factories import BodyFactory

    return BodyFactory(parent=groups_index, title="Pracovní skupina sociálního bydlení")


@pytest.fixture
def round_table(groups_index) -> BodyPage:
    from tests.factories import BodyFactory

    return BodyFactory(parent=groups_index, title="Kulatý stůl k sociálnímu bydlení", kind=BodyKind.ROUND_TABLE)


@pytest.fixture
def subgroup(working_group) -> BodyPage:
    from tests.factories import BodyFactory

    return BodyFactory(parent=working_group, title="Krizové, sociální a dostupné bydlení", kind=BodyKind.SUBGROUP)
