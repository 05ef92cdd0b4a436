"""allauth glue. Sign-up is by invitation only (portal/signup.py)."""

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context

from portal.accounts import signed_in_within
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

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Not within minutes of signing in: allauth counts only an explicit re-authentication, so a
        chair who had just signed in to set up two-factor was asked for the password again. A sign-in
        as recent as allauth's own re-authentication window proves the same."""
        request = context.request
        if request is not None and signed_in_within(request, app_settings.REAUTHENTICATION_TIMEOUT):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_reauthentication_methods(self, user) -> list[dict]:
        return _second_factor_first(super().get_reauthentication_methods(user))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account mail (verification, password reset) goes through the outbox like every message:
        allauth renders it, the worker sends it, a mail server outage fails no request."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site
        from django.utils.translation import get_language

        from portal import outbox

        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        rendered = self.render_mail(template_prefix, email, context)
        html = next((content for content, kind in getattr(rendered, "alternatives", []) if kind == "text/html"), "")
        outbox.send_rendered(
            kind="account." + template_prefix.rsplit("/", 1)[-1],
            to_email=email,
            subject=rendered.subject,
            body=rendered.body,
            html_body=html,
            headers=rendered.extra_headers,
            language=get_language() or "cs",
        )


def _second_factor_first(methods: list[dict]) -> list[dict]:
    """Whoever has two-factor confirms with it: allauth takes the first method as the default."""
    with_mfa = [method for method in methods if method["id"].startswith("mfa_")]
    return with_mfa or methods
