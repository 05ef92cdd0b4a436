import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format


def test_czech_translations_are_compiled():
    with translation.override("cs"):
        assert translation.gettext("Sign in") == "Přihlásit se"
        assert reverse("account_login") == "/ucet/login/"
        assert reverse("notifications") == "/oznameni/"
    with translation.override("en"):
        assert reverse("account_login") == "/en/account/login/"


def test_czech_date_format():
    with translation.override("cs"):
        assert date_format(datetime.date(2026, 11, 21), "j. n. Y") == "21. 11. 2026"


def test_every_czech_message_is_translated():
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).resolve().parents[2] / "locale" / "cs" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale="cs")
    untranslated = [
        m.id for m in catalog if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert untranslated == []
