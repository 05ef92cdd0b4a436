from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge_base.models import Approach, Municipality

CONSENT_TEXT = _(
    "I agree that the Social Housing portal keeps my e-mail address to send me its newsletter. "
    "I can unsubscribe at any time with the link in every newsletter; the address is then no longer used."
)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={"invalid": _("Invalid e-mail address."), "required": _("Enter your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Without your consent we cannot send the newsletter.")},
    )


class PeerFinderForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("My municipality (fills in its figures)"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("– enter the figures below –"),
        to_field_name="slug",
    )
    population = forms.IntegerField(label=_("Population"), min_value=1, max_value=10_000_000, required=False)
    flats = forms.IntegerField(label=_("Municipal flats"), min_value=0, max_value=1_000_000, required=False)
    approaches = forms.ModelMultipleChoiceField(
        label=_("Approaches you are interested in"),
        queryset=Approach.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        if municipality is not None:
            if cleaned.get("population") is None:
                cleaned["population"] = municipality.population
            if cleaned.get("flats") is None:
                cleaned["flats"] = municipality.municipal_flats
        return cleaned
