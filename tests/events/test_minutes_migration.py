"""The data migration that turned the minutes' JSON into records (events 0007), run as a deployment
would: in a database of its own, stepped back to the JSON schema, filled with minutes written the old
way, and migrated forward."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BEFORE = ("events", "0006_agenda_on_workflows")

# Writes, in the old schema, approved minutes with a correction in progress and draft minutes.
OLD_MINUTES = """
import datetime, json
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Page
from events.models import AgendaItem, MeetingPage
from groups.models import BodyPage
from portal.models import User

home = Page.objects.get(depth=2)
body = home.add_child(instance=BodyPage(title="Pracovní skupina", slug="ps", kind="working_group"))
start = timezone.now() - datetime.timedelta(days=3)
end = start + datetime.timedelta(hours=2)
meetings = [
    body.add_child(instance=MeetingPage(title=f"Jednání {n}", slug=f"j{n}", start=start, end=end, place="Radnice"))
    for n in (1, 2)
]
person = User.objects.create(username="clen@example.org", email="clen@example.org")
items = [AgendaItem.objects.create(meeting=meetings[0], title=f"Bod {n}") for n in (1, 2)]
draft_item = AgendaItem.objects.create(meeting=meetings[1], title="Bod")

executor = MigrationExecutor(connection)
executor.migrate([BEFORE])
old = executor.loader.project_state([BEFORE]).apps.get_model("events", "Minutes")
entry = lambda item, notes, decisions=(), tasks=(): {
    "agenda_item": item.pk, "notes": notes, "confidential": False, "decisions": list(decisions), "tasks": list(tasks)}
task = {"key": "t1", "what": "Připravit podklady", "owner": person.pk, "organisation": None, "due": "2026-12-21"}
approved = {
    "attendance": [{"person": person.pk, "organisation": None, "status": "present", "substitute": ""}],
    "items": [entry(items[0], "Projednáno.", [{"key": "d1", "text": "PS schvaluje harmonogram."}], [task]),
              entry(items[1], "Na vědomí.")],
}
corrected = json.loads(json.dumps(approved))
corrected["items"][1]["notes"] = "Na vědomí, s doplněním."
draft = {"attendance": [], "items": [entry(draft_item, "Rozepsáno.")]}
when = timezone.now() - datetime.timedelta(days=1)
old.objects.create(meeting_id=meetings[0].pk, state="draft", content=corrected, approved_content=approved,
                   approved_at=when)
old.objects.create(meeting_id=meetings[1].pk, state="circulating", content=draft)
print(json.dumps({"approved": approved, "corrected": corrected, "draft": draft,
                  "meetings": [m.pk for m in meetings]}))
""".replace("BEFORE", repr(BEFORE))

READ_BACK = """
import json
from events.models import Minutes
result = {}
for minutes in Minutes.objects.order_by("meeting_id"):
    result[minutes.meeting_id] = {
        "live": minutes.live, "state": minutes.state, "content": minutes.content,
        "approved": minutes.approved_content, "records": minutes.entries.count(),
    }
print(json.dumps(result))
"""


def manage(env, *args) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = completed.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def without_revoked(content: dict) -> dict:
    """The records' plain data has one field the JSON had not: a decision's revocation (none here)."""
    for entry in content["items"]:
        for decision in entry["decisions"]:
            assert decision.pop("revoked") == ""
    return content


@pytest.mark.slow
def test_json_minutes_become_records_with_the_correction_as_a_draft(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migration.sqlite3'}",
        "REDIS_URL": "",
    }
    manage(env, "migrate", "--no-input", "-v0")
    written = json.loads(manage(env, "shell", "--no-imports", "-c", OLD_MINUTES))
    manage(env, "migrate", "--no-input", "-v0")
    minutes = json.loads(manage(env, "shell", "--no-imports", "-c", READ_BACK))
    corrected, draft = (minutes[str(pk)] for pk in written["meetings"])
    assert corrected["live"] and corrected["records"] == 2
    assert without_revoked(corrected["approved"]) == written["approved"]  # the approved version stays live
    assert without_revoked(corrected["content"]) == written["corrected"]  # the correction is the working copy
    assert corrected["state"] == "draft"
    assert not draft["live"] and draft["approved"] is None
    assert without_revoked(draft["content"]) == written["draft"]
    assert draft["state"] == "draft"  # circulated minutes are circulated anew, on the engine
