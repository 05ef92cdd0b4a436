from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Invitation, Organisation, Role


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation", "role", "resolution_number", "resolution_date", "message"]
        widgets = {
            "resolution_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "resolution_number": _("Needed for the chair of a working group, whose membership the council approves."),
        }

    def __init__(self, *args, roles=frozenset(Role.values), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["role"].choices = [choice for choice in Role.choices if choice[0] in roles]
