from functools import cache

from portal.selectors import unread_notification_count


def notifications(request):
    """The unread count for the header badges: read with the user when they were signed in through the
    site's backend (portal/auth_backends.py), else counted once, and only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    facts = getattr(user, "signed_in_facts", None)
    if facts is not None:
        return {"unread_notification_count": facts.unread_notifications}
    # A template calls a callable at each use: `cache` makes the second use free.
    return {"unread_notification_count": cache(lambda: unread_notification_count(user))}
