"""Printable agenda and minutes, the tagged PDF of approved minutes, and the invitation pack (ZIP)."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from events import permissions, selectors
from events.models import MeetingPage, Minutes
from portal.pdf import letterhead, tagged_pdf


def _stem(meeting: MeetingPage) -> str:
    return f"{timezone.localtime(meeting.start):%Y-%m-%d}-{slugify(meeting.title)[:60]}"


def pack_filename(meeting: MeetingPage) -> str:
    return f"pozvanka-{_stem(meeting)}.zip"


def minutes_filename(meeting: MeetingPage) -> str:
    return f"zapis-{_stem(meeting)}.pdf"


def agenda_context(meeting: MeetingPage, items) -> dict:
    return {
        "meeting": meeting,
        "body": meeting.body,
        "items": items,
        "agenda": getattr(meeting, "agenda", None),
        **letterhead(),
    }


def minutes_context(
    meeting: MeetingPage, minutes: Minutes, user, approved_only: bool = False, public: bool = False
) -> dict:
    """The approved version when there is one (what gets filed), else the working copy for its readers;
    `public`: the public version (public items only, organisations but no people)."""
    content = minutes.approved_content if (minutes.approved_content or approved_only or public) else minutes.content
    confidential = not public and permissions.can_view_confidential(user, meeting)
    rows = selectors.minutes_rows(meeting, content or {}, public=public, confidential=confidential)
    return {
        "meeting": meeting,
        "body": meeting.body,
        "minutes": minutes,
        "is_approved": bool(minutes.approved_content),
        "public": public,
        **rows,
        **letterhead(),
    }


def minutes_pdf(meeting: MeetingPage, minutes: Minutes, user, public: bool = False) -> bytes:
    with translation.override("cs"):
        html = render_to_string(
            "events/print/minutes.html",
            {**minutes_context(meeting, minutes, user, approved_only=True, public=public), "for_pdf": True},
        )
    return tagged_pdf(html)


def agenda_pdf(meeting: MeetingPage, items) -> bytes:
    with translation.override("cs"):
        html = render_to_string("events/print/agenda.html", {**agenda_context(meeting, items), "for_pdf": True})
    return tagged_pdf(html)


def invitation_pack(meeting: MeetingPage, items) -> bytes:
    """One file to download: the agenda as PDF and each annex the reader may see, numbered by item.
    Slow (WeasyPrint): the worker builds it (`services.invitation_packs_build`), never a request."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("00-program.pdf", agenda_pdf(meeting, items))
        for number, item in enumerate(items, start=1):
            for annex in item.documents.all():
                with annex.file.open("rb") as handle:
                    archive.writestr(f"{number:02d}-{annex.filename}", handle.read())
    return buffer.getvalue()
