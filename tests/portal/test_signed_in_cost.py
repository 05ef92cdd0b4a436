"""Being signed in costs a page two queries, the session and the user: what every page asks about the
person (unread notifications, admin access, the two-factor rule) is read with the user
(portal/auth_backends.py), and the members' dashboard reads the person's memberships once."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership, Role
from groups.permissions import EDITORS_GROUP, roles_in
from portal.models import StandardPage
from portal.services import notification_create
from tests.conftest import make_user
from tests.factories import BodyFactory, GoodPracticeFactory, StandardPageFactory, member_of
from tests.groups.conftest import with_totp

pytestmark = pytest.mark.django_db

# The session and the user: the whole cost of being signed in.
SIGNED_IN_EXTRA_QUERIES = 2


SEARCH = "/hledat/?q=bydleni"


@pytest.fixture
def public_pages(library, working_group) -> list[str]:
    about = StandardPageFactory(title="O pracovní skupině", slug="o-pracovni-skupine", show_in_menus=True)
    record = GoodPracticeFactory(parent=library, title="Ostrava: pracovní skupina", introduction="Sociální bydlení")
    return ["/", about.url, library.url, record.url, working_group.url, SEARCH]


def visitor(kind: str, body) -> Client:
    client = Client()
    if kind == "anonymous":
        return client
    if kind == "member":  # of the body whose page is measured: it shows them the way to the internal space
        user = member_of(body, Role.MEMBER)
        notification_create(recipient=user, kind="test", title="Nový zápis", url="/clenove/")
    elif kind == "chair":  # admin access through their body's admin group, two-factor set up
        user = with_totp(member_of(body, Role.CHAIR))
    else:  # an editor of the public pages
        user = with_totp(make_user("redaktorka@example.org"))
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(user)
    return client


def queries_for(client: Client, path: str) -> int:
    # A query string keeps the anonymous copy from being served from the page cache: both visitors
    # get the page rendered, and the site frame's fragments come from the cache for both.
    url = path if "?" in path else f"{path}?v=1"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_signed_in_member_adds_at_most_two_queries_to_any_public_page(public_pages, working_group):
    anonymous, member = visitor("anonymous", working_group), visitor("member", working_group)
    for path in public_pages:
        assert queries_for(member, path) - queries_for(anonymous, path) <= SIGNED_IN_EXTRA_QUERIES, path


@pytest.mark.parametrize("kind", ["chair", "editor"])
def test_admin_access_and_two_factor_cost_no_query_of_their_own(public_pages, working_group, kind):
    """Nor does Wagtail's user bar: the page holds its placeholder, and the bar (with its queries for the
    profile, the page's permissions and workflow) is fetched after the page (`portal_tags.userbar`)."""
    anonymous, signed_in = visitor("anonymous", working_group), visitor(kind, working_group)
    for path in public_pages:
        assert queries_for(signed_in, path) - queries_for(anonymous, path) <= SIGNED_IN_EXTRA_QUERIES, path
    html = signed_in.get(public_pages[1]).content.decode()
    assert "data-userbar=" in html and "wagtail-userbar" not in html


def test_the_user_bar_is_fetched_by_whoever_may_enter_the_admin_and_offers_what_they_may_do(
    public_pages, working_group
):
    about = StandardPage.objects.get(slug="o-pracovni-skupine")
    url = reverse("userbar", args=[about.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[about.pk])
    editor = visitor("editor", working_group)
    editor_bar = editor.get(url)
    assert editor_bar.status_code == 200 and "<wagtail-userbar>" in editor_bar.content.decode()
    assert edit in editor_bar.content.decode() and "no-cache" in editor_bar["Cache-Control"]
    chair_bar = visitor("chair", working_group).get(url).content.decode()  # the admin, not this page
    assert "<wagtail-userbar>" in chair_bar and edit not in chair_bar
    for kind in ("anonymous", "member"):
        assert visitor(kind, working_group).get(url).status_code == 403, kind
    assert editor.get(reverse("userbar", args=[about.pk + 1000])).status_code == 404
    root = about.get_parent().get_parent()  # no bar for the tree's root, which has no parent to explore
    assert root.depth == 1 and editor.get(reverse("userbar", args=[root.pk])).status_code == 404


def test_the_header_shows_what_was_read_with_the_user(working_group):
    client = visitor("member", working_group)
    html = client.get("/").content.decode()
    assert "<span data-notification-count>1</span>" in html and "<span data-menu-count>1</span>" in html
    assert "/admin/" not in html  # no admin access
    chair = visitor("chair", working_group)
    assert 'href="/admin/"' in chair.get("/").content.decode()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MANAGER])
def test_members_dashboard_reads_the_memberships_once(working_group, role, django_assert_max_num_queries):
    user = member_of(working_group, role)
    if role == Role.MANAGER:
        with_totp(user)
    for number in range(3):
        member_of(BodyFactory(title=f"Kulatý stůl {number}"), Role.MEMBER, person=user)
    client = Client()
    client.force_login(user)
    client.get("/clenove/")
    # session, user (with roles and header facts), memberships, invitations, the events section (tasks
    # and minutes under review); the manager also reads the approval queue: one query while nothing waits
    # (the tasks are read with their states)
    with django_assert_max_num_queries(8 if role == Role.MEMBER else 9) as queries:
        response = client.get("/clenove/")
    assert response.status_code == 200
    assert response.content.decode().count("Kulatý stůl") == 3
    reads = [
        sql
        for sql in (query["sql"] for query in queries.captured_queries)
        if 'FROM "groups_membership"' in sql and not sql.startswith('SELECT "portal_user"')
    ]
    assert len(reads) == 1  # the table of the person's groups; their roles came with the user


def test_admin_access_is_read_whether_given_to_the_person_or_to_a_group_of_theirs():
    """Wagtail's `access_admin` permission, read with the user (portal/auth_backends.py). Both have a
    second factor set up: whoever may enter the admin must."""
    person, grouped = with_totp(make_user("osobne@example.org")), with_totp(make_user("ve-skupine@example.org"))
    client = Client()
    client.force_login(person)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    person.user_permissions.add(access)
    assert 'href="/admin/"' in client.get("/").content.decode()
    group = Group.objects.create(name="Správci obsahu")
    group.permissions.add(access)
    grouped.groups.add(group)
    client.force_login(grouped)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_a_role_that_ends_today_is_no_longer_read_with_the_user_tomorrow(working_group):
    """The user's statement is compiled once per day and process (portal/auth_backends.py): the next
    day's requests count the memberships in force on the next day, in the same process."""
    user = member_of(working_group, Role.MEMBER)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Membership.objects.filter(person=user).update(term_end=tomorrow)  # the first day without the role
    client = Client()
    client.force_login(user)
    today = client.get("/clenove/")
    assert roles_in(today.wsgi_request.user, working_group) == {Role.MEMBER}
    with mock.patch("django.utils.timezone.localdate", side_effect=lambda *args, **kwargs: tomorrow):
        next_day = client.get("/clenove/")
    assert next_day.status_code == 200
    assert roles_in(next_day.wsgi_request.user, working_group) == frozenset()


def test_a_session_of_a_deactivated_or_deleted_person_signs_no_one_in():
    user = make_user("odejde@example.org")
    client = Client()
    client.force_login(user)
    assert client.get("/clenove/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/clenove/").status_code == 302  # to the sign-in page
    user.delete()
    assert client.get("/clenove/").status_code == 302
