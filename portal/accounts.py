"""Account rules that are not allauth's own: who must use two-factor, and fresh sign-in for approvals."""

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.utils import is_mfa_enabled
from wagtail import hooks

# Who holds a role that approves things is for the app that keeps the roles (groups) to say: functions
# registered under this hook take a user and answer True for such a person (portal does not import groups).
TWO_FACTOR_ROLE_HOOK = "holds_role_requiring_two_factor"

ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"

# An approval is a signature: the approver proves within this window that it is really them.
FRESH_AUTHENTICATION_SECONDS = 15 * 60


def requires_two_factor(user) -> bool:
    """Whoever reaches the Wagtail admin (staff, editors, chairs and managers) or approves things must
    sign in with a second factor."""
    return (
        user.is_staff
        or user.has_perm(ADMIN_ACCESS_PERMISSION)
        or any(answer(user) for answer in hooks.get_hooks(TWO_FACTOR_ROLE_HOOK))
    )


def has_second_factor(user) -> bool:
    """allauth's `is_mfa_enabled`, from the facts read with the user when there are any. For the
    two-factor rule, which runs before the view: later in a request one may have just been set up."""
    facts = getattr(user, "signed_in_facts", None)
    return facts.second_factor if facts is not None else is_mfa_enabled(user)


def signed_in_within(request, seconds: float) -> bool:
    """Any authentication of this user recorded in the session in the last `seconds`."""
    user = request.user
    now = time.time()
    return user.is_authenticated and any(
        now - record.get("at", 0) < seconds for record in get_authentication_records(request, user)
    )


def authenticated_recently(request) -> bool:
    """Signed in or re-authenticated in this session within the window; with the second factor
    for whoever has one set up (a password alone is not enough for them)."""
    user = request.user
    if not user.is_authenticated:
        return False
    accepted = {"mfa"} if is_mfa_enabled(user) else {"password", "mfa"}
    now = time.time()
    return any(
        record.get("method") in accepted and now - record.get("at", 0) < FRESH_AUTHENTICATION_SECONDS
        for record in get_authentication_records(request, user)
    )


def require_fresh_authentication(request) -> None:
    """For the chair's decisions: without a recent sign-in, allauth's middleware asks for the TOTP
    code (or the password) again and then replays the suspended request."""
    if not authenticated_recently(request):
        raise ReauthenticationRequired()
