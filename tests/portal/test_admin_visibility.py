"""The Wagtail admin is no side door: a round-table manager sees in choosers, reports, admin search and
listings only pages they may see on the site or may edit; administrators see everything."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from events.models import MeetingPage, Visibility
from groups.models import BodyKind, BodyPage, Role
from portal.models import HomePage, StandardPage
from tests.events.conftest import make_meeting
from tests.factories import StandardPageFactory
from tests.groups.conftest import editor, member_of, with_totp

pytestmark = pytest.mark.django_db

DRAFT = "Tajný koncept Alfa"
RENAMED = "Přejmenováno v konceptu Beta"
MEMBERS_ONLY = "Neveřejné jednání Gama"
OWN_DRAFT = "Koncept jednání Delta"
SECRETS = (DRAFT, RENAMED, MEMBERS_ONLY)


class Hidden:
    """A never-published page, a public page renamed in an unpublished draft, another body's
    members-only meeting; and a draft meeting of the round table the manager runs."""

    def __init__(self, working_group, round_table):
        self.home = HomePage.objects.get(locale__language_code="cs")
        self.draft = StandardPage(title=DRAFT, slug="tajny-koncept", live=False)
        self.home.add_child(instance=self.draft)
        self.draft.save_revision()
        self.public = StandardPageFactory(title="Kontaktní centrum")
        self.renamed = StandardPageFactory(title="O pracovní skupině")
        self.published_title = self.renamed.title
        self.renamed.title = RENAMED
        self.renamed.save_revision()
        self.meeting = make_meeting(working_group, visibility=Visibility.MEMBERS, slug="neverejne")
        self.meeting.title = MEMBERS_ONLY
        self.meeting.save_revision().publish()
        self.own_draft = MeetingPage(
            title=OWN_DRAFT,
            slug="koncept-delta",
            start=self.meeting.start,
            end=self.meeting.end,
            place="Zasedací místnost",
            live=False,
        )
        round_table.add_child(instance=self.own_draft)
        self.own_draft.save_revision()


@pytest.fixture
def hidden(working_group, round_table) -> Hidden:
    return Hidden(working_group, round_table)


@pytest.fixture
def round_table_manager(client, round_table):
    client.force_login(with_totp(member_of(round_table, Role.MANAGER, label="manazer-ks")))
    return client


@pytest.fixture
def administrator(staff_user) -> Client:
    administrator = Client()
    administrator.force_login(with_totp(staff_user))
    return administrator


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    if response.get("Content-Type") == "application/json":
        content = json.dumps(json.loads(content), ensure_ascii=False)
    return content


def leaked(content: str) -> list[str]:
    return [secret for secret in SECRETS if secret in content]


def chooser_pages(hidden, working_group, round_table) -> list[str]:
    return [
        "/admin/choose-page/",
        f"/admin/choose-page/{hidden.home.pk}/",
        f"/admin/choose-page/{working_group.get_parent().pk}/",
        f"/admin/choose-page/{working_group.pk}/",
        f"/admin/choose-page/{round_table.pk}/",
        # the rich-text editor's link chooser opens the same views with its link options
        f"/admin/choose-page/{hidden.home.pk}/?allow_external_link=true&allow_email_link=true",
    ]


def searches(path: str, hidden) -> list[str]:
    # the renamed page is found by its published title (the search index holds that one)
    return [f"{path}?{urlencode({'q': query})}" for query in ("Tajný", hidden.published_title, "Neveřejné", "jednání")]


def test_manager_chooser_shows_neither_drafts_nor_unpublished_titles_nor_foreign_members_only_pages(
    round_table_manager, hidden, working_group, round_table
):
    for url in chooser_pages(hidden, working_group, round_table) + searches("/admin/choose-page/search/", hidden):
        assert leaked(text(round_table_manager.get(url))) == [], url
    # the chooser opened at a hidden page, or told that hidden pages were chosen, refuses
    for page in (hidden.draft, hidden.meeting, hidden.renamed):
        assert round_table_manager.get(f"/admin/choose-page/{page.pk}/").status_code == 404
    ids = "&".join(f"id={page.pk}" for page in (hidden.draft, hidden.meeting, hidden.renamed))
    assert round_table_manager.get(f"/admin/choose-page/chosen-multiple/?{ids}").status_code == 404


def test_manager_chooser_still_shows_own_body_and_public_pages(round_table_manager, hidden, round_table):
    home_listing = text(round_table_manager.get(f"/admin/choose-page/{hidden.home.pk}/"))
    assert "Kontaktní centrum" in home_listing
    own = text(round_table_manager.get(f"/admin/choose-page/{round_table.pk}/"))
    assert OWN_DRAFT in own and round_table.title in own
    assert OWN_DRAFT in text(round_table_manager.get("/admin/choose-page/search/?q=Delta"))
    assert "Kontaktní centrum" in text(round_table_manager.get("/admin/choose-page/search/?q=Kontaktní"))
    chosen = round_table_manager.get(f"/admin/choose-page/chosen-multiple/?id={hidden.own_draft.pk}")
    assert OWN_DRAFT in text(chosen)


def test_manager_page_types_report_is_closed_and_not_in_the_menu(round_table_manager, hidden):
    for url in ("/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/"):
        response = round_table_manager.get(url)
        assert response.status_code == 302 and leaked(response.content.decode()) == []
    assert "/admin/reports/page-types-usage/" not in text(round_table_manager.get("/admin/"))


def test_manager_admin_search_and_listings_show_nothing_hidden(round_table_manager, hidden, round_table):
    urls = searches("/admin/pages/search/", hidden) + [
        f"/admin/pages/{round_table.pk}/",
        f"/admin/pages/{round_table.pk}/?q=Tajný&search_all=1",
        "/admin/api/main/pages/?child_of=root&for_explorer=1",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
    ]
    for url in urls:
        assert leaked(text(round_table_manager.get(url))) == [], url
    assert OWN_DRAFT in text(round_table_manager.get("/admin/pages/search/?q=Delta"))


def external_link(client, url: str) -> dict:
    response = client.post(
        "/admin/choose-external-link/", {"external-link-chooser-url": url, "external-link-chooser-link_text": ""}
    )
    return json.loads(response.content)


def test_pasted_address_of_a_hidden_page_stays_an_external_link(round_table_manager, hidden, round_table):
    for page in (hidden.meeting, hidden.renamed):
        answer = external_link(round_table_manager, page.get_full_url())
        assert answer["step"] == "external_link_chosen" and "id" not in answer["result"]
        assert leaked(json.dumps(answer, ensure_ascii=False)) == []
    own = external_link(round_table_manager, round_table.get_full_url())
    assert own["result"]["id"] == round_table.pk


def test_administrator_still_sees_everything(administrator, hidden, working_group):
    assert DRAFT in text(administrator.get(f"/admin/choose-page/{hidden.home.pk}/"))
    assert RENAMED in text(administrator.get(f"/admin/choose-page/{hidden.home.pk}/"))
    assert MEMBERS_ONLY in text(administrator.get(f"/admin/choose-page/{working_group.pk}/"))
    assert DRAFT in text(administrator.get("/admin/choose-page/search/?q=Tajný"))
    assert MEMBERS_ONLY in text(administrator.get("/admin/choose-page/search/?q=Neveřejné"))
    assert DRAFT in text(administrator.get(f"/admin/choose-page/{hidden.draft.pk}/"))
    report = text(administrator.get("/admin/reports/page-types-usage/"))
    assert MEMBERS_ONLY in report or DRAFT in report or RENAMED in report
    assert MEMBERS_ONLY in text(administrator.get("/admin/pages/search/?q=Neveřejné"))
    assert external_link(administrator, hidden.meeting.get_full_url())["result"]["id"] == hidden.meeting.pk


def test_page_types_own_permission_rules_narrow_what_editors_see(client, working_group):
    """Editors may edit every page by Wagtail's permissions, but a body's page only its leaders do
    (groups' BodyPagePermissionTester): a new body's unpublished page stays out of their admin."""
    groups_index = working_group.get_parent().specific
    draft_body = BodyPage(title="Nový kulatý stůl Epsilon", slug="novy-stul", kind=BodyKind.ROUND_TABLE, live=False)
    groups_index.add_child(instance=draft_body)
    draft_body.save_revision()
    StandardPageFactory(title="Kontaktní centrum")
    client.force_login(with_totp(editor()))
    for url in (
        f"/admin/choose-page/{groups_index.pk}/",
        f"/admin/pages/{groups_index.pk}/",
        "/admin/choose-page/search/?q=Epsilon",
    ):
        content = text(client.get(url))
        assert "Epsilon" not in content, url
        assert working_group.title in content or "search" in url, url
    assert "Kontaktní centrum" in text(client.get("/admin/choose-page/search/?q=Kontaktní"))


def test_explorer_opened_by_id_shows_no_hidden_page_to_a_leader_of_two_bodies(client, hidden, round_table, subgroup):
    """Leading a round table and a sub-group makes the groups index the user's common ancestor, below
    which Wagtail admits any page id: another body's members-only meeting must still stay closed."""
    leader = with_totp(member_of(round_table, Role.MANAGER, label="vedouci-dvou"))
    from groups.services import membership_create

    membership_create(
        person=leader, organisation=leader.memberships.first().organisation, body=subgroup, role=Role.MANAGER
    )
    client.force_login(leader)
    for url in (f"/admin/pages/{hidden.meeting.pk}/", f"/admin/pages/{hidden.meeting.pk}/results/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert MEMBERS_ONLY not in response.content.decode()
    assert client.get(f"/admin/pages/{round_table.pk}/").status_code == 200  # their own body still opens
