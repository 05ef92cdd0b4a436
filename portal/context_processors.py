from portal.selectors import unread_notification_count


def notifications(request):
    """The unread count for the header badge; counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": lambda: unread_notification_count(user)}
