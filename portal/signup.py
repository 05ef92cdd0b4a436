"""Sign-up by invitation only. Accounts are for people with a role, so allauth's sign-up is open only
to a visitor who came through a pending invitation link, and only for the address it was sent to.

The app that keeps invitations (groups) answers through a hook, so the site core does not import it:
functions registered under `INVITED_EMAIL_HOOK` take the request and return the address of the
pending invitation the visitor opened in this session, or None.
"""

from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

INVITED_EMAIL_HOOK = "invited_email_for_signup"


def invited_email(request) -> str | None:
    """The address a pending invitation opened in this session was sent to (None without one)."""
    if request is None:
        return None
    for answer in hooks.get_hooks(INVITED_EMAIL_HOOK):
        email = answer(request)
        if email:
            return email.strip().lower()
    return None


class InvitedSignupForm(SignupForm):
    """allauth's sign-up form (`ACCOUNT_FORMS`), for the invited address only: one invitation link
    makes no accounts for other people. The adapter closes sign-up without an invitation. It asks for
    the name registers, attendance, minutes and e-mails give (allauth's adapter stores first and last
    name), and optionally a title and position."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    title = forms.CharField(
        label=_("Academic title"), max_length=40, required=False, help_text=_("E.g. Mgr., Ing., Bc.")
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=150,
        required=False,
        help_text=_("E.g. head of the social affairs department."),
    )
    field_order = ["first_name", "last_name", "title", "position", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited_email = invited_email(context.request)
        if self.invited_email:
            self.fields["email"].initial = self.invited_email
        self.order_fields(self.field_order)

    def custom_signup(self, request, user) -> None:
        user.title = self.cleaned_data["title"].strip()
        user.position = self.cleaned_data["position"].strip()
        user.save(update_fields=["title", "position"])

    def clean_email(self) -> str:
        email = super().clean_email()
        if email and email.strip().lower() != self.invited_email:
            raise forms.ValidationError(
                _("Sign up with the address the invitation was sent to: %(email)s.") % {"email": self.invited_email}
            )
        return email
