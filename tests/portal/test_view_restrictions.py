"""`.public()` (public lists, the search, the sitemap) hides every page under a view restriction, with a
condition that does not grow with the restricted pages that have nothing below them
(portal/view_restrictions.py): every members-only meeting is one."""

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def restrict(page, kind=PageViewRestriction.LOGIN) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=kind, password="tajne-heslo")


def public_titles() -> set[str]:
    return set(Page.objects.public().filter(title__startswith="Test ").values_list("title", flat=True))


def test_a_restricted_page_hides_itself_and_everything_below_it():
    section = StandardPageFactory(title="Test sekce")
    below = StandardPageFactory(parent=section, title="Test pod sekcí")
    further = StandardPageFactory(parent=below, title="Test ještě níž")
    leaf = StandardPageFactory(title="Test list")
    StandardPageFactory(title="Test vedle")
    assert public_titles() == {"Test sekce", "Test pod sekcí", "Test ještě níž", "Test list", "Test vedle"}
    restrict(below, PageViewRestriction.PASSWORD)
    restrict(leaf)
    assert public_titles() == {"Test sekce", "Test vedle"}
    hidden = set(Page.objects.not_public().filter(title__startswith="Test ").values_list("title", flat=True))
    assert hidden == {"Test pod sekcí", "Test ještě níž", "Test list"}
    assert further.pk not in Page.objects.public().values_list("pk", flat=True)


def test_a_page_added_under_a_restricted_one_is_hidden_at_once():
    leaf = StandardPageFactory(title="Test dosud bez podstránek")
    restrict(leaf)
    StandardPageFactory(parent=Page.objects.get(pk=leaf.pk), title="Test nová podstránka")
    assert public_titles() == set()


def test_the_condition_does_not_grow_with_restricted_pages_without_children():
    def conditions() -> int:
        sql = str(Page.objects.public().query)
        return sql.count("LIKE") + sql.count("GLOB")

    section = StandardPageFactory(title="Test sekce")
    StandardPageFactory(parent=section, title="Test pod sekcí")
    restrict(section)
    for number in range(3):
        restrict(StandardPageFactory(title=f"Test neveřejné jednání {number}"))
    few = conditions()
    for number in range(3, 40):
        restrict(StandardPageFactory(title=f"Test neveřejné jednání {number}"))
    assert conditions() == few == 1  # the section's path; the others are one list of ids
    assert public_titles() == set()
