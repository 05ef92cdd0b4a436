"""The membership register of a body as a spreadsheet for the manager: everyone who has been a
member, in force or ended, with the council resolution that appointed them."""

from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from groups import selectors
from groups.models import BodyPage, Membership
from portal import tabular

User = get_user_model()


PERSON_FIELDS = ["title", "first_name", "last_name", "position"]
MEMBERSHIP_FIELDS = ["organisation", "role"]
TERM_FIELDS = ["term_start", "term_end"]
RESOLUTION_FIELDS = ["resolution_number", "resolution_date"]


def _header() -> list[str]:
    """The columns are named as the forms name the fields."""

    def labels(model, names):
        return [capfirst(model._meta.get_field(name).verbose_name) for name in names]

    return [
        *labels(User, PERSON_FIELDS), *labels(Membership, MEMBERSHIP_FIELDS), _("E-mail"),
        *labels(Membership, TERM_FIELDS), _("In force"), *labels(Membership, RESOLUTION_FIELDS),
    ]  # fmt: skip


def register_rows(body: BodyPage) -> list[list]:
    """Dates stay dates (a spreadsheet sorts them); in force first, by role, then by name."""
    rows = []
    for membership in sorted(selectors.body_register(body), key=lambda m: not m.is_active):
        person = membership.person
        rows.append(
            [
                person.title,
                person.first_name,
                person.last_name,
                person.position,
                membership.organisation.display_name,
                membership.get_role_display(),
                person.email,
                membership.term_start,
                membership.term_end,
                _("yes") if membership.is_active else _("no"),
                membership.resolution_number,
                membership.resolution_date,
            ]  # fmt: skip
        )
    return rows


def register_file(body: BodyPage, file_format: str) -> bytes:
    if file_format == "csv":
        return tabular.csv_bytes(_header(), register_rows(body))
    return tabular.xlsx_bytes(_header(), register_rows(body), _("Membership register"))
