"""The manager plans, moves and cancels meetings in the members' area (not in the CMS): the page is
made behind the scenes at an address without diacritics; invitees hear of a move or a cancellation."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import MeetingPage
from events.selectors import year_plan
from groups.models import Role
from tests.events.conftest import approved_meeting, make_meeting, signed_in
from tests.groups.conftest import member_of, with_totp

pytestmark = pytest.mark.django_db


def day_ahead(days: int = 30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def meeting_data(**changes) -> dict:
    data = {
        "title": "", "date": day_ahead(), "start_time": "10:00", "end_time": "12:00",
        "place": "Magistrát, zasedací místnost 118", "online_url": "", "visibility": "public",
    }  # fmt: skip
    return {**data, **changes}


def test_manager_plans_a_meeting_with_an_address_without_diacritics(client, people, working_group):
    signed_in(client, people.manager)
    response = client.post(reverse("events:meeting_plan", args=[working_group.pk]), meeting_data())
    meeting = MeetingPage.objects.child_of(working_group).get()
    assert response.status_code == 302 and response["Location"] == reverse("events:meeting", args=[meeting.pk])
    date = timezone.localdate() + datetime.timedelta(days=30)
    assert meeting.title == f"Jednání pracovní skupiny {date.day}. {date.month}. {date.year}"
    assert meeting.slug == f"jednani-pracovni-skupiny-{date.day}-{date.month}-{date.year}"
    assert meeting.live and not meeting.has_unpublished_changes
    assert timezone.localtime(meeting.start).hour == 10 and timezone.localtime(meeting.end).hour == 12
    assert client.get(meeting.url).status_code == 200  # the public page answers at once
    again = client.post(reverse("events:meeting_plan", args=[working_group.pk]), meeting_data(end_time="13:00"))
    assert again.status_code == 302
    assert MeetingPage.objects.child_of(working_group).filter(slug=f"{meeting.slug}-2").exists()


def test_a_members_only_meeting_gets_the_login_restriction(client, people, working_group):
    signed_in(client, people.manager)
    data = meeting_data(title="Případová konference", visibility="members", place="", online_url="meet.example.org/x")
    client.post(reverse("events:meeting_plan", args=[working_group.pk]), data)
    meeting = MeetingPage.objects.child_of(working_group).get()
    assert meeting.slug == "pripadova-konference" and meeting.online_url == "https://meet.example.org/x"
    assert PageViewRestriction.objects.filter(page=meeting).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "09:00"}, "end_time", "Jednání musí skončit až po svém začátku."),
        ({"place": "", "online_url": ""}, "place", "Uveďte místo, odkaz na online jednání, nebo obojí."),
        ({"date": "2020-01-01"}, "date", "Zvolte den a čas, které teprve přijdou."),
        ({"date": "zítra"}, "date", "Zadejte platné datum."),
    ],
)
def test_bad_input_keeps_what_was_typed_and_stores_nothing(client, people, working_group, changes, field, message):
    signed_in(client, people.manager)
    data = meeting_data(title="Jarní jednání", **changes)
    response = client.post(reverse("events:meeting_plan", args=[working_group.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html and message in html
    assert 'value="Jarní jednání"' in html
    assert not MeetingPage.objects.child_of(working_group).exists()


@pytest.mark.parametrize("role", ["chair", "member", "guest", "outsider"])
def test_only_the_manager_plans(client, people, working_group, role):
    signed_in(client, getattr(people, role))
    assert client.get(reverse("events:meeting_plan", args=[working_group.pk])).status_code == 403
    assert client.post(reverse("events:meeting_plan", args=[working_group.pk]), meeting_data()).status_code == 403
    assert not MeetingPage.objects.child_of(working_group).exists()


def test_moving_an_approved_meeting_tells_the_invitees_with_an_updated_calendar_entry(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = approved_meeting(working_group, people)
    sequence = meeting.agenda.sequence
    mail.outbox.clear()
    signed_in(client, people.manager)
    form = client.get(reverse("events:meeting_change", args=[meeting.pk])).content.decode()
    assert f'value="{meeting.title}"' in form and "Členové už jsou pozvaní" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:meeting_change", args=[meeting.pk]),
            meeting_data(title=meeting.title, date=day_ahead(40), place="Nová radnice"),
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Nová radnice" and timezone.localtime(meeting.start).date().isoformat() == day_ahead(40)
    moved = [m for m in mail.outbox if m.subject.startswith("Jednání přesunuto")]
    assert {m.to[0] for m in moved} == {i.person.email for i in meeting.invitations.all()}
    ics = moved[0].attachments[0]
    assert "METHOD:REQUEST" in ics[1] and f"SEQUENCE:{sequence + 1}" in ics[1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the title alone: nobody needs a message
        data = meeting_data(title="Jiný název", date=day_ahead(40), place="Nová radnice")
        client.post(reverse("events:meeting_change", args=[meeting.pk]), data)
    assert mail.outbox == []


def test_a_started_meeting_can_be_neither_moved_nor_cancelled(client, people, working_group):
    meeting = make_meeting(working_group, days=-0.01)
    signed_in(client, people.manager)
    assert client.get(reverse("events:meeting_change", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("events:meeting_cancel", args=[meeting.pk]), {"confirm": "yes"}).status_code == 403
    meeting.refresh_from_db()
    assert not meeting.cancelled


def test_cancelling_says_who_is_told_asks_to_confirm_and_tells_them(
    client, people, working_group, django_capture_on_commit_callbacks
):
    meeting = approved_meeting(working_group, people)
    invited = meeting.invitations.count()
    signed_in(client, people.manager)
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert f"{invited} pozvaných dostane zprávu" in page
    client.post(reverse("events:meeting_cancel", args=[meeting.pk]))  # the box not ticked
    meeting.refresh_from_db()
    assert not meeting.cancelled
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:meeting_cancel", args=[meeting.pk]), {"confirm": "yes"})
    meeting.refresh_from_db()
    assert meeting.cancelled
    assert len([m for m in mail.outbox if m.subject.startswith("Jednání zrušeno")]) == invited
    signed_in(client, people.member)
    assert client.post(reverse("events:meeting_cancel", args=[meeting.pk]), {"confirm": "yes"}).status_code == 403


def test_year_plan_asks_only_for_the_current_period_and_reports_missed_ones(client, people, round_table):
    plan = year_plan(round_table, 2031, today=datetime.date(2031, 9, 1))
    assert [p.start.month for p in plan["due"]] == [7]
    assert [p.start.month for p in plan["missed"]] == [1]
    signed_in(client, with_totp(member_of(round_table, Role.MANAGER, label="manazerka-ks")))
    html = client.get(reverse("events:plan", args=[round_table.pk])).content.decode()
    assert reverse("events:meeting_plan", args=[round_table.pk]) + "?den=" in html
    assert "/admin/pages/add/" not in html
    form = client.get(reverse("events:meeting_plan", args=[round_table.pk]) + "?den=2020-01-01").content.decode()
    assert f'value="{day_ahead(1)}"' in form  # a day in the past becomes tomorrow


def test_manager_sees_the_answers_reminds_those_who_have_not_answered_once_a_day(
    client, people, working_group, django_capture_on_commit_callbacks
):
    from events.models import Response

    meeting = approved_meeting(working_group, people)
    meeting.invitations.filter(person=people.member).update(response=Response.YES)
    meeting.invitations.filter(person=people.chair).update(response=Response.NO)
    signed_in(client, people.manager)
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert "Přijdou: <strong>1</strong>" in page and "Nepřijdou: <strong>1</strong>" in page
    assert "Bez odpovědi: <strong>3</strong>" in page
    assert "Připomenout 3 lidem, kteří neodpověděli" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:invitation_remind", args=[meeting.pk]))
    reminded = {m.to[0] for m in mail.outbox if m.subject.startswith("Přijdete?")}
    assert reminded == {people.manager.email, people.substitute.email, people.guest.email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:invitation_remind", args=[meeting.pk]))  # pressed again the same day
    assert [m for m in mail.outbox if m.subject.startswith("Přijdete?")] == []
    signed_in(client, people.member)
    assert client.post(reverse("events:invitation_remind", args=[meeting.pk])).status_code == 403


def test_reminders_wait_for_the_invitations(client, people, working_group):
    meeting = make_meeting(working_group)  # agenda not approved: nobody is invited yet
    signed_in(client, people.manager)
    assert client.post(reverse("events:invitation_remind", args=[meeting.pk])).status_code == 403


def test_attendance_sheet_lists_the_invited_with_a_line_to_sign(client, people, working_group):
    meeting = approved_meeting(working_group, people)
    signed_in(client, people.manager)
    html = client.get(reverse("events:attendance_sheet", args=[meeting.pk])).content.decode()
    assert "Prezenční listina" in html and "Podpis" in html
    assert str(people.member) in html and "Bytová společnost Domov" in html
    assert str(people.outsider) not in html
    signed_in(client, people.member)
    assert client.get(reverse("events:attendance_sheet", args=[meeting.pk])).status_code == 403


def test_the_chair_reads_how_many_people_the_approval_emails_and_no_cms_bar_covers_it(client, people, working_group):
    from events import services
    from tests.events.conftest import add_item

    meeting = make_meeting(working_group)
    add_item(meeting, people.manager, "Veřejný bod")
    services.agenda_submit(meeting=meeting, user=people.manager)
    signed_in(client, people.chair)
    html = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    # chair, manager, member, substitute and guest: five people get the invitation
    assert "Po schválení odejde pozvánka s programem e-mailem 5 lidem." in html
    assert 'aria-describedby="approve-consequence"' in html
    assert "wagtail-userbar" not in html  # the chair reaches the admin, but its bar stays on CMS pages


def test_messages_fit_the_state_a_manager_is_in(client, people, working_group):
    """A draft agenda is not said to need approval "again"; minutes of a future meeting are explained,
    not refused with a page that tells the manager to ask the manager for an invitation."""
    meeting = make_meeting(working_group)
    signed_in(client, people.manager)
    saved = client.post(
        reverse("events:item_add", args=[meeting.pk]),
        {"title": "Bod", "kind": "informational", "confidentiality": "public", "planned_minutes": "10"},
        follow=True,
    ).content.decode()
    assert "Bod je uložený v návrhu programu." in saved and "znovu potřebuje" not in saved
    minutes = client.get(reverse("events:minutes_edit", args=[meeting.pk]), follow=True)
    assert minutes.status_code == 200 and "Zápis se píše od začátku jednání." in minutes.content.decode()
    signed_in(client, people.member)
    assert client.get(reverse("events:minutes_edit", args=[meeting.pk])).status_code == 403
