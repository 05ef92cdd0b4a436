"""The outbox's figures: how long the chair waits for an approval that invites 200 people (the mail
is the worker's job), and how many messages a second the worker hands to a local SMTP server.

Runs inside `manage.py shell` against the benchmark's database (see `run`)."""

import sys

from tests.smtp import SmtpServer

INVITEES = 200
MESSAGES = 1000

APPROVAL = """
import datetime, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from events import services
from events.models import MeetingPage
from groups.models import BodyPage, Organisation, Role
from groups.services import membership_create
from portal.models import OutboxMessage, User

body = BodyPage.objects.get(slug="kulaty-stul", locale__language_code="cs")
organisation = Organisation.objects.order_by("pk").first()
people = User.objects.bulk_create(
    User(username=f"bench{{n}}@example.org", email=f"bench{{n}}@example.org", first_name="Host", last_name=str(n))
    for n in range({invitees})
)
for person in people:
    membership_create(person=person, organisation=organisation, body=body, role=Role.MEMBER)
chair = User.objects.create(username="bench-chair@example.org", email="bench-chair@example.org")
manager = User.objects.create(username="bench-manager@example.org", email="bench-manager@example.org")
membership_create(person=chair, organisation=organisation, body=body, role=Role.CHAIR)
membership_create(person=manager, organisation=organisation, body=body, role=Role.MANAGER)
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
TOTP.activate(chair, generate_totp_secret())  # chairs sign in with two factors
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
client.force_login(chair)
session = client.session
session["account_authentication_methods"] = [{{"method": "mfa", "at": time.time()}}]
session["account_authentication_methods_user"] = str(chair.pk)
session.save()

def submitted_meeting(slug):
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = MeetingPage(
        title="Benchmark", slug=slug, start=start, end=start + datetime.timedelta(hours=2), place="Radnice"
    )
    body.add_child(instance=meeting)
    meeting.save_revision().publish()
    services.agenda_item_save(meeting=meeting, user=manager, values={{"title": "Bod"}})
    services.agenda_submit(meeting=meeting, user=manager)
    return meeting

def approve(meeting):
    return client.post(reverse("events:agenda_action", args=[meeting.pk, "approve"]), secure=True)

approve(submitted_meeting("benchmark-warm-up"))  # a running server has its templates and code warm
meeting = submitted_meeting("benchmark")
before = OutboxMessage.objects.count()
with CaptureQueriesContext(connection) as queries:
    started = time.perf_counter()
    response = approve(meeting)
    elapsed = (time.perf_counter() - started) * 1000
assert response.status_code == 302 and "/jednani/" in response["Location"], response["Location"]
print(f"{{elapsed:.0f}} {{OutboxMessage.objects.count() - before}} {{len(queries)}}")
"""

DELIVERY = """
import time
from portal import outbox
from portal.models import OutboxMessage
OutboxMessage.objects.update(status=OutboxMessage.Status.SENT)  # the approval's mail is not part of this
message = outbox.Message(kind="bench", subject="Zpravodaj", template="knowledge_base/email/newsletter_body.txt",
                         context={{"text": "Novinky z pracovní skupiny.", "unsubscribe": "https://example.org/x"}})
for number in range({messages}):
    outbox.send_to_address(f"ctenar{{number}}@example.org", message)
started = time.perf_counter()
report = outbox.deliver_due()
elapsed = time.perf_counter() - started
print(f"{{report.sent}} {{elapsed:.3f}}")
"""


def run(manage, env: dict) -> None:
    approval_ms, queued, queries = manage(
        env, "shell", "--no-imports", "-c", APPROVAL.format(invitees=INVITEES)
    ).split()
    print(
        f"\nApproval of an agenda that invites {INVITEES} people (whole request, in process): {approval_ms} ms, "
        f"{queries} queries, {queued} messages stored for the worker (goal: under 300 ms)"
    )
    server = SmtpServer().start()
    try:
        settings_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{server.port}"}
        sent, seconds = manage(settings_env, "shell", "--no-imports", "-c", DELIVERY.format(messages=MESSAGES)).split()
    finally:
        server.stop()
    if int(sent) != MESSAGES or len(server.messages) != MESSAGES:
        sys.exit(f"the worker sent {sent}, the SMTP server received {len(server.messages)} of {MESSAGES}")
    print(
        f"Worker: {MESSAGES} messages to a local SMTP server in {float(seconds):.2f} s: "
        f"{MESSAGES / float(seconds):.0f} messages/s"
    )
