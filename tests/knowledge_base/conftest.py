import pytest

from knowledge_base.models import GoodPracticeIndexPage, MythIndexPage
from tests.groups.conftest import editor, with_totp


@pytest.fixture
def library(db) -> GoodPracticeIndexPage:
    return GoodPracticeIndexPage.objects.get(locale__language_code="cs")


@pytest.fixture
def myth_index(db) -> MythIndexPage:
    return MythIndexPage.objects.get(locale__language_code="cs")


@pytest.fixture
def signed_in_editor(client):
    """A communications editor (Wagtail's Editors group), signed in with two-factor set up."""
    user = with_totp(editor())
    client.force_login(user)
    return user
