"""Writes of the site core that are more than a form save."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from portal.models import Notification, User
from portal.realtime import broadcast_many_on_commit, broadcast_on_commit, user_group

NOTIFICATION_EVENT = "portal.notification"


def notification_payload(notification: Notification, unread: int) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "url": notification.url,
        "unread": unread,
    }


def _is_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def notification_create(*, recipient: User, kind: str, title: str, url: str = "") -> Notification:
    """Store a notification and push it to the recipient's open pages. Links stay on this site."""
    return notifications_create_many([(recipient, kind, title, url)])[0]


@transaction.atomic
def notifications_create_many(entries: list[tuple[User, str, str, str]]) -> list[Notification]:
    """`notification_create` for many people at once, (recipient, kind, title, url) each: one insert
    and one count, whatever the number (an approval tells a whole body)."""
    for _recipient, _kind, _title, url in entries:
        if url and not _is_site_path(url):
            raise ValueError(f"A notification links to a path on this site, not {url!r}.")
    notifications = Notification.objects.bulk_create(
        Notification(recipient=recipient, kind=kind, title=title, url=url) for recipient, kind, title, url in entries
    )
    unread = dict(
        Notification.objects.filter(recipient__in={n.recipient_id for n in notifications}, read_at__isnull=True)
        .values("recipient")
        .annotate(count=Count("pk"))
        .values_list("recipient", "count")
    )
    broadcast_many_on_commit(
        [
            (user_group(n.recipient_id), NOTIFICATION_EVENT, notification_payload(n, unread.get(n.recipient_id, 0)))
            for n in notifications
        ]
    )
    return notifications


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification read; other open pages of the user drop their badge."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    broadcast_on_commit(user_group(user.pk), NOTIFICATION_EVENT, {"unread": 0})
    return marked


def site_address_sync(*, root_page=None):
    """The default site's host and port from SITE_BASE_URL: the sitemap and page links use the site's
    address, e-mails the setting; both must name the address the site is served on."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from wagtail.models import Site

    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True, site_name="Sociální bydlení")
    site.hostname = base.hostname or "localhost"
    site.port = base.port or (443 if base.scheme == "https" else 80)
    if root_page is not None:
        site.root_page = root_page
    site.save()
    return site
