"""allauth glue."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_email_verified(self, request, email: str) -> bool:
        """An address is verified without a mail when the visitor came through a pending invitation
        sent to exactly that address (instead of allauth's stash, which would attach the invited
        address to whatever account signs up in the session)."""
        from groups.services import invitation_verifies_email

        return invitation_verifies_email(request, email)
