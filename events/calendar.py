"""iCalendar for meetings: a stable UID per meeting, SEQUENCE from agenda approvals, Prague time.

Only what the public may know goes in: title, time, place and the page's address; never agenda text.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import get_random_string

from events.models import CalendarFeed, MeetingPage

if TYPE_CHECKING:
    import icalendar

CALENDAR_SALT = "events.calendar-feed"


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def meeting_uid(meeting: MeetingPage) -> str:
    return f"meeting-{meeting.translation_key}@{_host()}"


def meeting_event(meeting: MeetingPage, sequence: int = 0) -> "icalendar.Event":
    import icalendar  # only where it is used: the services import this module, every worker would load it

    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.start))
    event.add("dtend", timezone.localtime(meeting.end))
    event.add("summary", f"{meeting.title} – {meeting.body.title}")
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    url = meeting.get_full_url()
    if url:
        event.add("url", url)
    if meeting.online_url:
        event.add("description", meeting.online_url)
    return event


def calendar_bytes(meetings: Iterable[MeetingPage], name: str, method: str | None = None) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sociální bydlení//Portál pracovní skupiny//CS")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    for meeting in meetings:
        agenda = getattr(meeting, "agenda", None)
        calendar.add_component(meeting_event(meeting, agenda.sequence if agenda else 0))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_token(person) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(person=person, defaults={"nonce": get_random_string(32)})
    return signing.Signer(salt=CALENDAR_SALT).sign(f"{person.pk}:{feed.nonce}")


def feed_reset(person) -> str:
    """A new address; the old one stops working at once."""
    CalendarFeed.objects.update_or_create(person=person, defaults={"nonce": get_random_string(32)})
    return feed_token(person)


def person_for_token(token: str):
    try:
        value = signing.Signer(salt=CALENDAR_SALT).unsign(token)
    except signing.BadSignature:
        return None
    person_pk, _sep, nonce = value.partition(":")
    feed = CalendarFeed.objects.select_related("person").filter(person_id=person_pk, nonce=nonce).first()
    if feed is None or not feed.person.is_active:
        return None
    return feed.person
