"""Signal receivers of the events app: only cache invalidation (public meeting pages show these)."""

from django.db.models.signals import post_delete, post_save

from events.models import Agenda, AgendaItem, Decision, Minutes
from portal.page_cache import invalidate_now_and_after_commit


def connect() -> None:
    for model in (Agenda, AgendaItem, Minutes, Decision):
        uid = f"public-pages-{model.__name__}"
        post_save.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_now_and_after_commit, sender=model, dispatch_uid=uid + "-delete")
