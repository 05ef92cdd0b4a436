"""Agendas and minutes in the Wagtail admin (`groups.approval_admin`): read there, and the chair's
workflow actions taken; they are written in the members' area."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from events.models import Agenda, Minutes
from groups.approval_admin import approval_viewset

AgendaViewSet = approval_viewset(
    Agenda,
    icon="list-ol",
    label=_("Agendas"),
    help_text=_("The agenda is written in the members' area; here you see its history and approval."),
    field="meeting",
    related=("meeting",),
)
MinutesViewSet = approval_viewset(
    Minutes,
    icon="doc-full",
    label=_("Minutes"),
    help_text=_("The minutes are written in the members' area; here you see their history and approval."),
    field="meeting",
    related=("meeting",),
)


def register() -> None:
    register_snippet(AgendaViewSet)
    register_snippet(MinutesViewSet)
