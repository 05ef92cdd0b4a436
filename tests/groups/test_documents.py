"""A body's private document collection is read by the body's people and administrators only
(groups/documents.py, groups.permissions.can_read_document); a login-restricted collection that
belongs to no body, by administrators only."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from groups import documents
from groups.models import PrivateCollection, Role
from tests.groups.conftest import member_of, person, with_totp

pytestmark = pytest.mark.django_db

Document = get_document_model()
CONTENT = b"jen pro cleny pracovni skupiny"


def document_in(collection, title="Interní podklad") -> Document:
    document = Document(title=title, collection=collection)
    document.file.save("interni-podklad.txt", ContentFile(CONTENT), save=True)
    return document


@pytest.fixture
def private_document(working_group) -> Document:
    collection = documents.private_collection_create(body=working_group, name="Podklady pracovní skupiny (test)")
    return document_in(collection)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_signed_in_account_without_a_role_gets_not_found(private_document):
    response = as_user(person("bez-role")).get(private_document.url)
    assert response.status_code == 404


def test_people_of_the_body_get_the_file(private_document, working_group, subgroup):
    for role in (Role.MEMBER, Role.GUEST):
        response = as_user(member_of(working_group, role)).get(private_document.url)
        assert response.status_code == 200 and body(response) == CONTENT
    # a sub-group's collection is read by the working group's leaders too, as its internal space
    sub_document = document_in(documents.private_collection_create(body=subgroup, name="Podklady podskupiny"))
    manager = with_totp(member_of(working_group, Role.MANAGER))
    assert as_user(manager).get(sub_document.url).status_code == 200
    assert as_user(member_of(working_group, Role.MEMBER)).get(sub_document.url).status_code == 404


def test_people_of_another_body_get_not_found(private_document, round_table):
    assert as_user(member_of(round_table, Role.MEMBER)).get(private_document.url).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302 and response["Location"].startswith("/ucet/login/?next=")


def test_documents_in_collections_below_a_private_one_follow_it(private_document, working_group):
    below = private_document.collection.add_child(name="Zápisy")
    document = document_in(below, "Zápis v podsložce")
    assert as_user(person("bez-role")).get(document.url).status_code == 404
    assert as_user(member_of(working_group, Role.MEMBER)).get(document.url).status_code == 200


def test_login_restricted_collection_of_no_body_is_for_administrators_only(client, staff_user, working_group):
    internal = Collection.get_first_root_node().add_child(name="Neurčené interní podklady")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    document = document_in(internal)
    assert client.get(document.url).status_code == 302
    for user in (person("bez-role"), member_of(working_group, Role.MEMBER)):
        assert as_user(user).get(document.url).status_code == 404
    response = as_user(with_totp(staff_user)).get(document.url)
    assert response.status_code == 200 and body(response) == CONTENT


def test_public_documents_stay_public(client):
    document = document_in(Collection.get_first_root_node(), "Veřejná zpráva")
    assert client.get(document.url).status_code == 200


def test_assigning_a_collection_restricts_it_and_unassigning_leaves_it_closed(working_group):
    collection = Collection.get_first_root_node().add_child(name="Zatím veřejná složka")
    documents.private_collection_assign(collection=collection, body=working_group)
    assert collection.get_view_restrictions().get().restriction_type == CollectionViewRestriction.LOGIN
    document = document_in(collection)
    member = member_of(working_group, Role.MEMBER)
    assert as_user(member).get(document.url).status_code == 200
    PrivateCollection.objects.filter(collection=collection).delete()
    assert as_user(member).get(document.url).status_code == 404


def test_only_administrators_assign_collections_in_the_admin(client, working_group, staff_user):
    manager = with_totp(member_of(working_group, Role.MANAGER))
    assert as_user(manager).get("/admin/groups/private-collections/new/").status_code == 302
    administrator = as_user(with_totp(staff_user))
    collection = Collection.get_first_root_node().add_child(name="Přidělená v administraci")
    response = administrator.post(
        "/admin/groups/private-collections/new/", {"collection": collection.pk, "body": working_group.pk}
    )
    assert response.status_code == 302
    assert PrivateCollection.objects.get(collection=collection).body == working_group
    assert collection.get_view_restrictions().filter(restriction_type=CollectionViewRestriction.LOGIN).exists()
    assert "Přidělená v administraci" in administrator.get("/admin/groups/private-collections/").content.decode()
