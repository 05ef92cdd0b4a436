import datetime
import itertools

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from groups import services
from groups.models import BodyPage, Organisation, Role
from groups.permissions import EDITORS_GROUP
from tests.conftest import make_user

RESOLUTION = {"resolution_number": "123/RM/2026", "resolution_date": datetime.date(2026, 1, 13)}
_numbers = itertools.count()


@pytest.fixture
def organisation(db) -> Organisation:
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Spolek pro bydlení", short_name="Spolek")


@pytest.fixture
def manager(client, working_group):
    """The working group's manager, signed in with two-factor set up."""
    user = with_totp(member_of(working_group, Role.MANAGER, label="spravce"))
    client.force_login(user)
    return user


def person(label: str = "osoba"):
    return make_user(f"{label}-{next(_numbers)}@example.org", first_name="Test", last_name=label.capitalize())


def member_of(body: BodyPage, role: str = Role.MEMBER, *, organisation=None, label=None):
    user = person(label or role)
    if organisation is None:
        from tests.factories import OrganisationFactory

        organisation = OrganisationFactory()
    extra = RESOLUTION if body.requires_council_resolution else {}
    services.membership_create(person=user, organisation=organisation, body=body, role=role, **extra)
    return user


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def editor():
    user = person("editor")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user
