"""Account rules that are not allauth's own."""


def requires_two_factor(user) -> bool:
    """Whoever reaches the Wagtail admin (staff, editors, chairs and managers) or approves things must
    sign in with a second factor."""
    from groups.permissions import has_leading_role

    return user.is_staff or user.has_perm("wagtailadmin.access_admin") or has_leading_role(user)
