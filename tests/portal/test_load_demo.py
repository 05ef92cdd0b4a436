from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from portal.management.commands.load_demo import ADMIN_EMAIL
from portal.models import ContactSettings, HomePage, StandardPage, User

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_is_complete():
    assert HomePage.objects.filter(locale__language_code="cs").count() == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert StandardPage.objects.filter(locale__language_code="en").count() == 3
    contact = ContactSettings.objects.get()
    assert contact.email == "socialni.bydleni@mpsv.cz"
    assert len(contact.consultation_hours) == 3
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.is_superuser and admin.emailaddress_set.get().verified


def test_second_run_changes_nothing_and_prints_no_password():
    pages_before = Page.objects.count()
    output = run()
    assert Page.objects.count() == pages_before
    assert "password:" not in output
    assert User.objects.filter(email=ADMIN_EMAIL).count() == 1


def test_reset_rebuilds_with_a_new_random_password():
    first = run("--reset")
    second = run("--reset")
    password_1 = first.split("password: ")[1].split()[0]
    password_2 = second.split("password: ")[1].split()[0]
    assert password_1 != password_2 and len(password_1) >= 12
    assert User.objects.get(email=ADMIN_EMAIL).check_password(password_2)
    assert HomePage.objects.count() == 2
