"""Keep the public search index and the page cache in step with published content; no business rules."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from knowledge_base.models import Approach, Municipality, MunicipalityFigure
from knowledge_base.search import search_entry_delete, search_entry_update
from portal.hooks import public_text_changed
from portal.page_cache import invalidate_now_and_after_commit


def _published(sender, instance, **kwargs) -> None:
    search_entry_update(page=instance)


def _public_text_changed(sender, page, **kwargs) -> None:
    search_entry_update(page=page)


def _unpublished(sender, instance, **kwargs) -> None:
    search_entry_delete(page=instance)


def _taxonomy_changed(sender, instance, **kwargs) -> None:
    """Region and approach names live in the index too: refresh the records that show them."""
    from knowledge_base.models import GoodPracticePage

    if isinstance(instance, Municipality):
        records = GoodPracticePage.objects.live().filter(municipality=instance)
    elif isinstance(instance, Approach):
        records = GoodPracticePage.objects.live().filter(approaches=instance)
    else:
        records = GoodPracticePage.objects.none()
    for record in records:
        search_entry_update(page=record)
    invalidate_now_and_after_commit()


def connect() -> None:
    page_published.connect(_published, dispatch_uid="knowledge-base-index-published")
    page_unpublished.connect(_unpublished, dispatch_uid="knowledge-base-index-unpublished")
    public_text_changed.connect(_public_text_changed, dispatch_uid="knowledge-base-index-public-text")
    for model in (Approach, Municipality, MunicipalityFigure):
        for signal in (post_save, post_delete):
            signal.connect(_taxonomy_changed, sender=model, dispatch_uid=f"knowledge-base-{model.__name__}")
