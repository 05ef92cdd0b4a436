"""Public body pages: stakeholder map, no contacts, constant queries whatever the membership size."""

import pytest
from django.urls import reverse

from groups.models import Membership, Organisation, OrganisationKind, Role
from portal.models import User
from tests.groups.conftest import RESOLUTION, with_totp
from tests.portal.test_page_cache import uncached_client

pytestmark = pytest.mark.django_db


def add_members(body, count: int):
    organisations = [
        Organisation.objects.create(name=f"Organizace {body.pk}-{n}", kind=list(OrganisationKind)[n % 16])
        for n in range(count // 3 + 1)
    ]
    users = User.objects.bulk_create(
        [User(username=f"m{body.pk}-{n}", email=f"m{body.pk}-{n}@example.org") for n in range(count)]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=user,
                organisation=organisations[n % len(organisations)],
                body=body,
                role=Role.MEMBER,
                **RESOLUTION,
            )
            for n, user in enumerate(users)
        ]
    )


@pytest.mark.parametrize("members", [10, pytest.param(300, marks=pytest.mark.slow)])
def test_body_page_queries_do_not_grow_with_members(members, working_group, django_assert_max_num_queries):
    add_members(working_group, members)
    client = uncached_client()
    client.get(working_group.url)  # warm the frame cache (menu, footer), as in steady state
    # The page: who leads, who takes part and the public meetings are kept (BodyPage.get_context).
    with django_assert_max_num_queries(1):
        response = client.get(working_group.url)
    assert response.status_code == 200


def test_the_kept_part_of_a_body_page_is_shared_but_the_way_to_the_members_space_is_each_visitors_own(
    working_group,
):
    from tests.factories import member_of

    members_space = reverse("groups:body_internal", args=[working_group.pk])
    chair = member_of(working_group, Role.CHAIR)
    assert chair.public_name
    member = uncached_client()
    member.force_login(member_of(working_group, Role.MEMBER))
    for reader in (member, uncached_client(), member):  # whoever comes first, the other sees their own
        html = reader.get(working_group.url).content.decode()
        assert chair.public_name in html and (members_space in html) == (reader is member)


@pytest.mark.slow
def test_query_count_is_the_same_at_10_and_300(working_group, round_table, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: list[int] = []
    for body, size in ((working_group, 10), (round_table, 300)):
        add_members(body, size)
        client = uncached_client()
        client.get(body.url)  # warm the frame cache, as in steady state
        with CaptureQueriesContext(connection) as captured:
            assert client.get(body.url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_public_page_shows_stakeholder_map_and_leaders_but_no_contacts(client, working_group):
    from groups.models import OrganisationKind, Role
    from tests.factories import OrganisationFactory, member_of

    landlord = OrganisationFactory(name="Bytová společnost Domov", kind=OrganisationKind.LANDLORD)
    member_of(working_group, Role.CHAIR, organisation=landlord)
    member_of(working_group, Role.MANAGER)
    html = client.get(working_group.url).content.decode()
    assert "Kdo se účastní" in html
    assert "Bytová společnost Domov" in html and "Soukromý pronajímatel / bytová společnost" in html
    assert "Předseda" in html and "Manažer skupiny" in html
    assert "@" not in html.split('<main id="main"')[1].split("</main>")[0]


def test_subgroup_must_sit_under_a_working_group(working_group, round_table, subgroup):
    from django.core.exceptions import ValidationError

    from groups.models import BodyKind, body_placement_error

    assert body_placement_error(round_table, BodyKind.SUBGROUP)
    assert body_placement_error(working_group, BodyKind.ROUND_TABLE)
    assert body_placement_error(working_group.get_parent().specific, BodyKind.SUBGROUP)
    assert body_placement_error(working_group, BodyKind.SUBGROUP) is None
    subgroup.kind = BodyKind.ROUND_TABLE
    with pytest.raises(ValidationError):
        subgroup.full_clean()


def test_admin_refuses_a_subgroup_under_a_round_table(client, round_table, staff_user):
    from wagtail.test.utils.form_data import rich_text

    client.force_login(with_totp(staff_user))
    response = client.post(
        f"/admin/pages/add/groups/bodypage/{round_table.pk}/",
        {
            "title": "Podskupina",
            "slug": "podskupina",
            "kind": "subgroup",
            "meetings_per_year": 2,
            "mandate": rich_text("<p>Mandát</p>"),
            "contact": "",
            "agenda_kinds": ["informational"],
        },
    )
    assert response.status_code == 200
    assert "jen pod pracovní skupinou" in response.content.decode()
    assert not round_table.get_children().filter(slug="podskupina").exists()


def test_new_membership_shows_on_the_cached_public_page(client, working_group):
    from tests.factories import OrganisationFactory
    from tests.groups.conftest import member_of

    school = OrganisationFactory(name="Základní škola Komenského", kind=OrganisationKind.SCHOOL)
    assert school.name not in client.get(working_group.url).content.decode()
    member_of(working_group, Role.MEMBER, organisation=school)
    assert school.name in client.get(working_group.url).content.decode()


@pytest.mark.parametrize("kept_first", [False, True])
def test_a_preview_shows_the_draft_and_keeps_nothing_of_it(working_group, kept_first):
    """The public part of a body page is kept (`portal.public_parts`), never from a preview: its draft
    must not reach the public, nor the kept part stand in for the draft."""
    from groups.models import BodyPage

    def public_html() -> str:
        return uncached_client().get(working_group.url, HTTP_HOST="localhost").content.decode()

    if kept_first:
        assert "Kancelář v přízemí" not in public_html()
    draft = BodyPage.objects.get(pk=working_group.pk)
    draft.contact = "Kancelář v přízemí"
    preview = draft.make_preview_request()
    assert "Kancelář v přízemí" in preview.content.decode()
    assert "Kancelář v přízemí" not in public_html()
