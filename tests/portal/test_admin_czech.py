"""The Wagtail admin speaks Czech: every message of Wagtail's own catalogues (of the Wagtail apps we
install) has a Czech translation, Wagtail's own or ours in `locale_wagtail/`, and the screens editors
see first show no English.

When Wagtail is upgraded, `test_every_wagtail_message_has_czech` lists the new messages that lack Czech:
add them to `locale_wagtail/cs/LC_MESSAGES/` (django.po, or djangojs.po for the admin's JavaScript)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog
from wagtail.models import GroupApprovalTask, Workflow

from portal.models import HomePage, OutboxMessage
from tests.factories import StandardPageFactory
from tests.groups.conftest import person, with_totp

# Messages whose Czech is the English text itself. Keep this short: anything else that comes back in
# English is a missing translation.
SAME_IN_CZECH = {
    # Czech writes these the same way.
    "URL": "the same word in Czech",
    "ID": "the same abbreviation in Czech",
    "Alias": "the same word in Czech",
    "Import": "the same word in Czech",
    "port": "the same word in Czech",
    "Admin": "the same word in Czech (Wagtail's role name)",
    "Embed": "Wagtail's Czech keeps the term",
    "embed": "Wagtail's Czech keeps the term",
    "%(num)s pixel": "the singular of “%(num)s pixels”: “1 pixel” in Czech too",
    # Names that Wagtail's own Czech catalogue leaves in English on purpose (not ours to re-translate).
    "Wagtail admin": "product name",
    "Wagtail embeds": "product name",
    "Wagtail API v2": "product name",
    "Dashboard": "Wagtail's Czech translators kept the word",
    "Error 404": "Wagtail's Czech translators kept the code",
    # Format strings with no words in them.
    "%(field_label)s:": "a label and a colon",
    "%(time_zone_option)s: %(localized_time_zone_label)s": "two values and a colon",
}

# What editors reported seeing in English (issue 12, points 17 and 18).
ENGLISH = [
    "Pages",
    "Images",
    "Documents",
    "Search all pages",
    "Your pages and snippets in a workflow",
    "Moderators approval",
    "Just now",
    "just now",
    "Exploring",
    "Referenced",
    "Collapse all",
    "Autosave is paused",
    "Saved",
    "Privacy and access",
    "publishing schedule",
    "Set schedule",
    "Save schedule",
    "go live and/or expire",
    "Anyone with editing permissions",
]
RANGE_OF = re.compile(r"\d+\s*-\s*\d+ of \d+")  # "1-11 of 11 stránky"


def _wagtail_catalogues():
    """(app label, domain, path) of the English source catalogue of every Wagtail app we install."""
    for config in apps.get_app_configs():
        if config.name == "wagtail" or config.name.startswith("wagtail."):
            for domain in ("django", "djangojs"):
                path = Path(config.path, "locale", "en", "LC_MESSAGES", f"{domain}.po")
                if path.exists():
                    yield config.name, domain, path


def _messages(path: Path):
    with path.open("rb") as source:
        catalogue = read_po(source, ignore_obsolete=True)
    for message in catalogue:
        if message.id:
            yield message


def _javascript_translation() -> DjangoTranslation:
    """The catalogue Wagtail's admin serves its JavaScript (`wagtailadmin_javascript_catalog`)."""
    view = JavaScriptCatalog(packages=["wagtail.admin"])
    return DjangoTranslation("cs", domain="djangojs", localedirs=view.get_paths(view.packages))


def _untranslated(message, catalogue) -> list[str]:
    context = message.context
    if isinstance(message.id, tuple):
        singular, plural = message.id[0], message.id[1]
        found = []
        for number in (1, 2, 5):
            english = singular if number == 1 else plural
            if context:
                czech = catalogue.npgettext(context, singular, plural, number)
            else:
                czech = catalogue.ngettext(singular, plural, number)
            if czech == english and english not in SAME_IN_CZECH:
                found.append(f"{english} (n={number})")
        return found
    czech = catalogue.pgettext(context, message.id) if context else catalogue.gettext(message.id)
    return [message.id] if czech == message.id and message.id not in SAME_IN_CZECH else []


def test_every_wagtail_message_has_czech():
    catalogues = list(_wagtail_catalogues())
    assert {"wagtail.admin", "wagtail", "wagtail.snippets", "wagtail.users"} <= {app for app, _d, _p in catalogues}
    javascript = _javascript_translation()
    missing, checked = [], 0
    with translation.override("cs"):
        for app, domain, path in catalogues:
            catalogue = translation if domain == "django" else javascript
            for message in _messages(path):
                checked += 1
                missing += [f"{app} {domain}: {text}" for text in _untranslated(message, catalogue)]
    assert checked > 1500  # the catalogues were read, all of them
    assert missing == [], f"{len(missing)} Wagtail messages without Czech:\n" + "\n".join(missing)


def test_the_allow_list_holds_only_messages_wagtail_has():
    known = {
        text
        for _app, _domain, path in _wagtail_catalogues()
        for message in _messages(path)
        for text in (message.id if isinstance(message.id, tuple) else (message.id,))
    }
    assert set(SAME_IN_CZECH) <= known


def test_plural_messages_have_all_czech_forms():
    with translation.override("cs"):
        assert translation.ngettext("Referenced %(count)s time", "Referenced %(count)s times", 1) == "%(count)s odkaz"
        assert translation.ngettext("Referenced %(count)s time", "Referenced %(count)s times", 3) == "%(count)s odkazy"
        assert translation.ngettext("Referenced %(count)s time", "Referenced %(count)s times", 10) == "%(count)s odkazů"
    javascript = _javascript_translation()
    assert [javascript.ngettext("%(num)s error", "%(num)s errors", n) for n in (1, 3, 7)] == [
        "%(num)s chyba",
        "%(num)s chyby",
        "%(num)s chyb",
    ]


@pytest.mark.django_db
def test_wagtails_default_moderation_workflow_is_named_in_czech():
    workflow = Workflow.objects.get(workflow_tasks__task__name="Schválení moderátorem")
    assert workflow.name == "Schválení moderátorem"
    assert GroupApprovalTask.objects.filter(name="Schválení moderátorem").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not GroupApprovalTask.objects.filter(name="Moderators approval").exists()


def _submitted_for_moderation(author, title="Pravidla přidělování obecních bytů"):
    page = StandardPageFactory(title=title)
    page.save_revision(user=author)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Schválení moderátorem"
    workflow.start(page, author)
    return page


@pytest.mark.django_db
def test_the_moderators_notice_is_in_czech_even_from_an_english_request():
    moderator, author = person("moderatorka"), person("autor")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    with translation.override("en"):
        page = _submitted_for_moderation(author)
    notice = OutboxMessage.objects.get(recipient=moderator, kind="workflow.submitted")
    assert notice.subject == f"Ke schválení: {page.title}"
    assert "(Schválení moderátorem)" in notice.body
    assert "Moderators" not in notice.subject + notice.body
    with translation.override("en"):
        page.current_workflow_task_state.approve(user=moderator)
    approved = OutboxMessage.objects.get(recipient=author, kind="workflow.approved")
    assert approved.subject == f"Schváleno: {page.title}"
    assert "byl(a) schválen(a)" in approved.body


def _visible(html: str) -> str:
    """The page's text and attributes, without the icon sprite's and scripts' code."""
    html = re.sub(r"<script\b[^>]*>.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<svg\b[^>]*>.*?</svg>", " ", html, flags=re.S)


def _english_in(html: str) -> list[str]:
    text = _visible(html)
    found = [phrase for phrase in ENGLISH if re.search(rf"(?<![\w/.-]){re.escape(phrase)}(?![\w/-])", text)]
    return found + RANGE_OF.findall(text)


@pytest.mark.django_db
def test_the_admin_shows_no_english_to_staff(client, staff_user):
    client.force_login(with_totp(staff_user))
    home = HomePage.objects.get(locale__language_code="cs")
    for number in range(3):
        StandardPageFactory(title=f"Stránka {number}", slug=f"stranka-{number}")
    in_review = _submitted_for_moderation(staff_user)

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert _english_in(html) == []
    assert "Vaše stránky a úryvky v postupu schvalování" in html
    assert "Schválení moderátorem" in html and in_review.title in html

    explorer = client.get(f"/admin/pages/{home.pk}/")
    assert explorer.status_code == 200
    html = explorer.content.decode()
    assert _english_in(html) == []
    assert "Procházení" in html
    assert re.search(r"stránky\s+1–4\s+z\s+4", html)

    edit = client.get(f"/admin/pages/{in_review.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert _english_in(html) == []
    assert "Nastavit plán zveřejnění" in html and "Automatické ukládání je pozastaveno" in html

    script = client.get("/admin/jsi18n/")
    assert script.status_code == 200
    assert "Sbalit v\\u0161e" in script.content.decode() or "Sbalit vše" in script.content.decode()
    assert '"Collapse all": "Collapse all"' not in script.content.decode()
