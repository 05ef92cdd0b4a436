"""Signal receivers of the site core: cache invalidation, and workflow notices through the outbox."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal import workflow_mail
from portal.models import ContactSettings, FooterSettings, OperatorSettings, User
from portal.page_cache import invalidate_now_and_after_commit


def connect() -> None:
    workflow_mail.connect()
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(invalidate_now_and_after_commit, dispatch_uid=f"public-pages-{signal!r}")
    post_delete.connect(invalidate_now_and_after_commit, sender=Page, dispatch_uid="public-pages-page-delete")
    post_save.connect(_page_placed, dispatch_uid="public-pages-page-placed")
    # Names on public pages (the operator's in the accessibility statement), settings in the frame,
    # who may see a page at all, and which pages a host's site starts from in which language.
    for model in (ContactSettings, FooterSettings, OperatorSettings, User, PageViewRestriction, Site, Locale):
        for signal in (post_save, post_delete):
            signal.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=f"public-pages-{model.__name__}")


# A saved page's fields that the kept view restrictions read (`portal.view_restrictions`).
_PLACEMENT_FIELDS = {"path", "depth", "numchild", "live", "alias_of", "alias_of_id"}


def _page_placed(sender, instance, created, update_fields=None, **kwargs) -> None:
    """Every model's saves come here (a page's signal names its own type, not `Page`). A page that is
    live or an alias from the start (a copy, an alias: no publish follows) may stand under a restricted
    page kept as one without children; a save that may change where a page stands, whether it is live
    or what it shows (an alias turned into a page of its own) changes what the restrictions cover. A new
    draft does not: its publish retires the cache."""
    if not isinstance(instance, Page):
        return
    if created:
        placed = instance.live or instance.alias_of_id is not None
    else:
        placed = update_fields is None or bool(_PLACEMENT_FIELDS & set(update_fields))
    if placed:
        invalidate_now_and_after_commit()
