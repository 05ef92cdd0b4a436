"""allauth glue. Sign-up is by invitation only (portal/signup.py)."""

from allauth.account.adapter import DefaultAccountAdapter

from portal.signup import invited_email


class AccountAdapter(DefaultAccountAdapter):
    def is_email_verified(self, request, email: str) -> bool:
        """An address is verified without a mail when the visitor came through a pending invitation
        sent to exactly that address (instead of allauth's stash, which would attach the invited
        address to whatever account signs up in the session)."""
        return bool(email) and invited_email(request) == email.strip().lower()

    def is_open_for_signup(self, request) -> bool:
        """Closed (allauth shows account/signup_closed.html) unless an invitation is pending."""
        return invited_email(request) is not None

    def get_reauthentication_methods(self, user) -> list[dict]:
        return _second_factor_first(super().get_reauthentication_methods(user))


def _second_factor_first(methods: list[dict]) -> list[dict]:
    """Whoever has two-factor confirms with it: allauth takes the first method as the default."""
    with_mfa = [method for method in methods if method["id"].startswith("mfa_")]
    return with_mfa or methods
