"""Reads of the site core."""

from portal.models import Notification, User


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def recent_notifications(user: User, limit: int = 50):
    return Notification.objects.filter(recipient=user)[:limit]
