"""Private document collections of bodies: making one, and serving its documents only to those who
may read them (the rule is `groups.permissions.can_read_document`)."""

from django.db import transaction
from django.http import Http404
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.wagtail_hooks import require_wagtail_login

from groups.models import BodyPage, PrivateCollection
from groups.permissions import can_read_document


@transaction.atomic
def private_collection_assign(*, collection: Collection, body: BodyPage) -> PrivateCollection:
    """Make the collection private to the body. Without a view restriction of its own it also gets
    Wagtail's login restriction, so it stays closed (to all but administrators) if the assignment
    is ever removed, and Wagtail's admin shows it as private."""
    if not collection.get_view_restrictions().exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    private, _created = PrivateCollection.objects.update_or_create(collection=collection, defaults={"body": body})
    return private


@transaction.atomic
def private_collection_create(*, body: BodyPage, name: str) -> Collection:
    """A collection of that name under the root collection, private to the body (idempotent)."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    private_collection_assign(collection=collection, body=body)
    return collection


def refuse_unreadable_document(document, request):
    """Wagtail's `before_serve_document` hook: visitors are sent to sign in, signed-in people who may
    not read the document get "not found" (the document's existence is not confirmed)."""
    if can_read_document(request.user, document):
        return None
    if not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    raise Http404
