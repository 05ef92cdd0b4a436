"""Minutes: drafting, circulation with comments, the chair's approval, publication, corrections."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import services
from events.models import Attendance, Decision, Minutes, MinutesState, Task
from groups.models import Role
from groups.services import membership_create
from portal.models import Notification
from tests.conftest import make_user
from tests.events.conftest import (
    LANDLORD,
    approved_meeting,
    circulated_and_submitted,
    comment_period_over,
    pdf_text,
    signed_in,
)
from tests.groups.conftest import RESOLUTION

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(people, working_group):
    """A meeting that took place yesterday, with its agenda approved before."""
    meeting = approved_meeting(working_group, people, days=20)
    start = timezone.now() - datetime.timedelta(days=1)
    meeting.start, meeting.end = start, start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    return meeting


def minutes_post(meeting, minutes, people, **overrides) -> dict:
    """What the manager's form sends: the decisions and tasks already written keep their keys (as the
    form shows them); the first writing adds a decision, a task and a confidential decision."""
    items = {i.title: i.pk for i in meeting.agenda_items.all()}
    public, members, secret = items["Veřejný bod"], items["Bod pro členy"], items["Kazuistika rodiny Dvořákových"]
    content = minutes.content
    written = {entry["agenda_item"]: entry for entry in content["items"]}
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = {
        "based_on": minutes.latest_revision_id or "",
        f"item-{public}-notes": "Projednáno.\n\n- první bod\n- druhý bod <script>alert(1)</script>",
        f"item-{members}-notes": "Interní poznámka pro členy.",
        f"item-{secret}-notes": "Rodina Dvořákových dluží nájem.",
        f"item-{secret}-confidential": "on",
    }
    for item, text in (
        (public, "PS schvaluje harmonogram."),
        (secret, "Svolat případovou konferenci k rodině Dvořákových."),
    ):
        for decision in written.get(item, {}).get("decisions") or [{"key": "new0", "text": text}]:
            data[f"item-{item}-decision-{decision['key']}"] = decision["text"]
    for task in written.get(public, {}).get("tasks") or [{"key": "new0", "what": "Připravit podklady", "due": due}]:
        row = f"item-{public}-task-{task['key']}"
        data.update({f"{row}-what": task["what"], f"{row}-owner": people.member.pk, f"{row}-due": task["due"]})
    for row in content["attendance"]:
        data[f"att-{row['person']}-status"] = Attendance.PRESENT
    data.update(overrides)
    return data


def write_minutes(client, meeting, people, **overrides):
    minutes = services.minutes_for(meeting)
    signed_in(client, people.manager)
    response = client.post(
        reverse("events:minutes_edit", args=[meeting.pk]), minutes_post(meeting, minutes, people, **overrides)
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    minutes.refresh_from_db()
    return minutes


def run_through_approval(client, meeting, people):
    minutes = write_minutes(client, meeting, people)
    circulated_and_submitted(minutes, people.manager)
    services.minutes_approve(minutes=minutes, user=people.chair)
    minutes.refresh_from_db()
    return minutes


def test_the_meeting_page_offers_the_manager_to_write_the_minutes_until_they_exist(client, people, held):
    url = reverse("events:meeting", args=[held.pk])
    write = f'href="{reverse("events:minutes_edit", args=[held.pk])}"'
    read = f'href="{reverse("events:minutes", args=[held.pk])}"'
    signed_in(client, people.member)
    page = client.get(url).content.decode()
    assert write not in page and read not in page
    signed_in(client, people.manager)
    page = client.get(url).content.decode()
    assert write in page and "Napsat zápis" in page and read not in page
    services.minutes_for(held)
    page = client.get(url).content.decode()
    assert read in page and write not in page


def test_minutes_can_be_written_from_the_start_of_the_meeting_only_by_the_manager(client, people, working_group, held):
    future = approved_meeting(working_group, people, days=5)
    signed_in(client, people.manager)
    early = client.get(reverse("events:minutes_edit", args=[future.pk]))  # told why, back on the meeting's page
    assert early.status_code == 302 and early["Location"] == reverse("events:meeting", args=[future.pk])
    assert not Minutes.objects.filter(meeting=future).exists()
    for role in ("chair", "member", "guest", "outsider"):
        signed_in(client, getattr(people, role))
        status = client.get(reverse("events:minutes_edit", args=[held.pk])).status_code
        assert status == (404 if role == "outsider" else 403), role
    signed_in(client, people.manager)
    assert client.get(reverse("events:minutes_edit", args=[held.pk])).status_code == 200


def test_task_without_an_owner_gives_a_field_error_and_keeps_the_text(client, people, held):
    minutes = services.minutes_for(held)
    signed_in(client, people.manager)
    item = held.agenda_items.get(title="Veřejný bod").pk
    data = minutes_post(held, minutes, people, **{f"item-{item}-task-new0-owner": ""})
    response = client.post(reverse("events:minutes_edit", args=[held.pk]), data)
    assert response.status_code == 200
    assert f"item-{item}-task-new0-owner" in response.context["form"].errors
    assert "Rodina Dvořákových dluží nájem." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.latest_revision_id is None


def test_second_editor_does_not_silently_overwrite_the_first(client, people, held):
    minutes = write_minutes(client, held, people)
    stale = minutes_post(held, minutes, people)
    stale["based_on"] = ""  # the form was opened before the first save
    item = held.agenda_items.get(title="Veřejný bod").pk
    stale[f"item-{item}-notes"] = "Jiná verze"
    response = client.post(reverse("events:minutes_edit", args=[held.pk]), stale)
    assert response.status_code == 200
    assert "Mezitím zápis uložil někdo jiný" in response.content.decode()
    assert "Jiná verze" in response.content.decode()  # nothing typed is lost
    minutes.refresh_from_db()
    assert minutes.content["items"][0]["notes"].startswith("Projednáno.")


def test_circulation_comments_and_deadline(client, people, held):
    minutes = write_minutes(client, held, people)
    with pytest.raises(ValidationError):
        services.minutes_circulate(
            minutes=minutes, user=people.manager, deadline=timezone.now() - datetime.timedelta(hours=1)
        )
    signed_in(client, people.manager)
    deadline = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("events:minutes_action", args=[held.pk, "circulate"]), {"deadline": deadline})
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.CIRCULATING and minutes.circulated_revision
    assert Notification.objects.filter(recipient=people.member, kind="events.minutes_circulated").exists()
    url = reverse("events:minutes_comment", args=[held.pk])
    item = held.agenda_items.get(title="Veřejný bod")
    signed_in(client, people.member)
    client.post(url, {"text": "Doplnit termín.", "agenda_item": item.pk})
    comment = minutes.comments.get()
    client.post(url, {"text": "Souhlasím.", "parent": comment.pk})
    assert comment.replies.get().agenda_item == item
    signed_in(client, people.guest)
    assert client.post(url, {"text": "Host"}).status_code == 403
    signed_in(client, people.member)
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    assert "Doplnit termín." in page and "Souhlasím." in page
    comment_period_over(minutes)
    client.post(url, {"text": "Po termínu"})
    assert not minutes.comments.filter(text="Po termínu").exists()


def test_members_do_not_see_a_draft_before_circulation(client, people, held):
    write_minutes(client, held, people)
    signed_in(client, people.member)
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    assert "Interní poznámka" not in page


def test_only_the_chair_approves_submitted_minutes(client, people, held):
    minutes = write_minutes(client, held, people)
    url = reverse("events:minutes_action", args=[held.pk, "submit"])
    signed_in(client, people.manager)
    client.post(url)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFT  # not circulated yet
    services.minutes_circulate(
        minutes=minutes, user=people.manager, deadline=timezone.now() + datetime.timedelta(days=1)
    )
    client.post(url)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.CIRCULATING  # the members have until tomorrow
    comment_period_over(minutes)
    client.post(url)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.SUBMITTED
    approve = reverse("events:minutes_action", args=[held.pk, "approve"])
    for role in ("manager", "member", "substitute", "guest", "outsider"):
        signed_in(client, getattr(people, role))
        assert client.post(approve).status_code == (404 if role == "outsider" else 403), role
    signed_in(client, people.chair)
    client.post(approve)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.APPROVED and minutes.approved_by == people.chair


def test_approval_numbers_decisions_creates_tasks_and_notifies(client, people, held):
    minutes = run_through_approval(client, held, people)
    year = timezone.localtime(held.start).year
    numbers = list(Decision.objects.filter(minutes=minutes).values_list("number", flat=True))
    assert len(numbers) == 2 and all(re.fullmatch(rf"PS-{year}-\d\d", n) for n in numbers)
    task = Task.objects.get(minutes=minutes)
    assert task.owner == people.member and task.what == "Připravit podklady"
    assert Notification.objects.filter(recipient=people.member, kind="events.task_assigned").exists()
    assert Notification.objects.filter(recipient=people.guest, kind="events.minutes_approved").exists()


def test_decision_numbers_continue_across_meetings_of_the_year(client, people, working_group, held):
    first = run_through_approval(client, held, people)
    other = approved_meeting(working_group, people, days=20)
    start = held.start + datetime.timedelta(hours=3)
    other.start, other.end = start, start + datetime.timedelta(hours=1)
    other.save_revision().publish()
    second = run_through_approval(client, other, people)
    decisions = Decision.objects.filter(minutes__in=[first, second]).order_by("sequence")
    sequences = [d.sequence for d in decisions]
    assert len(set(sequences)) == 4 and sequences == list(range(sequences[0], sequences[0] + 4))
    assert {d.minutes_id for d in decisions[:2]} == {first.pk}


def test_correcting_approved_minutes_keeps_the_approved_version_published(client, people, held):
    minutes = run_through_approval(client, held, people)
    approved = minutes.approved_content
    item = held.agenda_items.get(title="Veřejný bod").pk
    minutes = write_minutes(client, held, people, **{f"item-{item}-notes": "Opravená verze"})
    assert minutes.state == MinutesState.DRAFT and minutes.approved_content == approved
    public = client.get(held.url).content.decode()
    assert "Opravená verze" not in public and "první bod" in public
    circulated_and_submitted(minutes, people.manager)  # a correction is circulated too
    services.minutes_approve(minutes=minutes, user=people.chair)
    minutes.refresh_from_db()
    assert minutes.approved_content["items"][0]["notes"] == "Opravená verze"
    assert Decision.objects.filter(minutes=minutes).count() == 2  # kept their numbers


def test_the_kept_approved_records_follow_each_approval(client, people, held):
    """The approved version's records are read once per approval (`Minutes.keep_approved_records`): the
    members' page then reads none of them, and an approved correction shows at once."""
    minutes = run_through_approval(client, held, people)
    url = reverse("events:minutes", args=[held.pk])
    signed_in(client, people.member)
    assert "první bod" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "první bod" in client.get(url).content.decode()
    assert not [q for q in queries.captured_queries if '"events_minutesentry"' in q["sql"]]
    item = held.agenda_items.get(title="Veřejný bod").pk
    minutes = write_minutes(client, held, people, **{f"item-{item}-notes": "Opravená verze"})
    circulated_and_submitted(minutes, people.manager)
    services.minutes_approve(minutes=minutes, user=people.chair)
    signed_in(client, people.member)
    page = client.get(url).content.decode()
    assert "Opravená verze" in page and "první bod" not in page


def test_public_version_has_no_confidential_text_or_personal_data(client, people, held):
    run_through_approval(client, held, people)
    client.logout()
    page = client.get(held.url).content.decode()
    assert "PS schvaluje harmonogram." in page and "první bod" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    for secret in ("Dvořák", "Interní poznámka", people.member.last_name, people.member.email, "Bod pro členy"):
        assert secret not in page, secret
    assert LANDLORD in page  # organisations are named, people are not


def test_guest_sees_minutes_without_confidential_items(client, people, held):
    run_through_approval(client, held, people)
    signed_in(client, people.guest)
    page = client.get(reverse("events:minutes", args=[held.pk])).content.decode()
    assert "Interní poznámka" in page and "Dvořák" not in page
    signed_in(client, people.member)
    assert "Dvořák" in client.get(reverse("events:minutes", args=[held.pk])).content.decode()


def test_changes_between_circulated_and_approved_versions(client, people, held):
    minutes = write_minutes(client, held, people)
    services.minutes_circulate(
        minutes=minutes, user=people.manager, deadline=timezone.now() + datetime.timedelta(days=1)
    )
    item = held.agenda_items.get(title="Veřejný bod").pk
    write_minutes(client, held, people, **{f"item-{item}-notes": "Doplněno po připomínkách."})
    signed_in(client, people.member)
    page = client.get(reverse("events:minutes_changes", args=[held.pk])).content.decode()
    assert "Doplněno po připomínkách." in page and "<ins>" in page and "<del>" in page


def test_every_step_is_in_the_history_with_its_author(client, people, held):
    minutes = run_through_approval(client, held, people)
    steps = list(
        ModelLogEntry.objects.for_instance(minutes).order_by("timestamp", "pk").values_list("action", "user_id")
    )
    manager, chair = people.manager.pk, people.chair.pk
    assert steps == [
        ("wagtail.edit", manager),  # the manager's text, a revision
        ("wagtail.workflow.start", manager),  # circulated
        ("wagtail.workflow.approve", manager),  # comments closed after the deadline, submitted
        ("wagtail.workflow.approve", chair),
        ("wagtail.publish", chair),  # the approved version is the live one
    ]
    assert minutes.live_revision.user_id == manager


def test_print_view_and_tagged_pdf(client, people, held):
    run_through_approval(client, held, people)
    signed_in(client, people.member)
    printable = client.get(reverse("events:minutes_print", args=[held.pk])).content.decode()
    assert '<html lang="cs">' in printable and "PS-" in printable
    response = client.get(reverse("events:minutes_pdf", args=[held.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and b"/StructTreeRoot" in pdf and b"/Lang (cs)" in pdf
    assert b"pdfuaid" in pdf  # the PDF/UA-1 identification in the XMP metadata
    signed_in(client, people.outsider)
    assert client.get(reverse("events:minutes_pdf", args=[held.pk])).status_code == 404


def test_minutes_pdf_of_a_permanent_guest_has_no_confidential_item_or_annex(client, people, held):
    secret = held.agenda_items.get(title="Kazuistika rodiny Dvořákových")
    annex = SimpleUploadedFile("splatkovy-kalendar-najemniku.pdf", b"%PDF-1.4 splatky")
    services._attach(secret, [annex], people.manager)
    run_through_approval(client, held, people)
    confidential = [
        "Kazuistika rodiny Dvořákových",  # the item's title
        "Rodina Dvořákových dluží nájem.",  # its notes
        "Svolat případovou konferenci",  # its decision
    ]
    texts = {}
    for role in ("member", "guest"):
        signed_in(client, getattr(people, role))
        texts[role] = pdf_text(client.get(reverse("events:minutes_pdf", args=[held.pk])).content)
    for text in texts.values():
        assert "PS schvaluje harmonogram." in text and "Interní poznámka pro členy." in text
    for phrase in confidential:
        assert phrase in texts["member"]  # the text is readable at all: a core member sees it
        assert phrase not in texts["guest"]
    assert "Dvořák" not in texts["guest"] and "splatkovy-kalendar" not in texts["guest"]


def test_member_without_a_name_is_listed_by_e_mail_inside_only(client, people, working_group, held):
    nameless = make_user("bez-jmena@example.org")
    membership_create(
        person=nameless,
        organisation=people.member.memberships.first().organisation,
        body=working_group,
        role=Role.MEMBER,
        **RESOLUTION,
    )
    held.invitations.create(person=nameless, token_hash="x" * 64)
    signed_in(client, people.manager)
    form = client.get(reverse("events:minutes_edit", args=[held.pk])).content.decode()
    assert "bez-jmena@example.org</label>" in form
    run_through_approval(client, held, people)
    client.logout()
    assert "bez-jmena" not in client.get(held.url).content.decode()
