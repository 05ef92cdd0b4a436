"""Signal receivers of the groups app: only cache invalidation (body pages show these)."""

from django.db.models.signals import post_save

from groups.models import Membership, Organisation
from portal.page_cache import invalidate_now_and_after_commit


def connect() -> None:
    for model in (Membership, Organisation):
        post_save.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
