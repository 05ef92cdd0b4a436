"""The action plan's figures at city scale: 300 measures, each with 8 approved progress updates and 3
indicators of 20 values. Times the public overview, a measure page and the open-data export (page
cache bypassed), the yearly fulfilment report as PDF and DOCX, and importing a 300-measure XLSX.

Runs inside `manage.py shell` against the benchmark's database (see `run`)."""

SCRIPT = """
import io, statistics, time
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from action_plan import importing, report
from action_plan.models import ConceptPage
from groups.models import Organisation
from tests.action_plan.scale import build_plan

concept = ConceptPage.objects.get(slug="akcni-plan")
organisation = Organisation.objects.get(short_name="MMO OSVZ")
measures = build_plan(concept, organisation, measures=300)
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
client.cookies["sessionid"] = "bypass-page-cache"

def timed(label, url, rounds=20):
    client.get(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    size = len(response.content) // 1024
    print(f"{{label:34}} {{statistics.median(times):8.1f}} ms {{len(queries):5}} queries {{size:6}} KB")

print(f"Action plan, {{len(measures)}} more measures with 8 approved updates and 3 indicators of 20 values each:")
timed("tracker overview", concept.url)
timed("measure page", concept.measure_url(measures[0]))
timed("open data (JSON)", concept.url + "export/json/", rounds=5)
for label, build in (("fulfilment report PDF", report.report_pdf), ("fulfilment report DOCX", report.report_docx)):
    started = time.perf_counter()
    content = build(concept, 2023)
    print(f"{{label:34}} {{(time.perf_counter() - started):8.2f}} s  {{len(content) // 1024:6}} KB")

book = Workbook()
sheet = book.active
sheet.append([str(label) for _key, label, _required in importing.COLUMNS])
for n in range(300):
    sheet.append([9, "Importovaný cíl", f"9.{{n}}", f"Importované opatření {{n}}", "", "MMO OSVZ", "", 2024, 2027,
                  100000, "", "", "Krok 1; Krok 2", "Ukazatel", "bytů", 10, 2023, "", 20, 2027, "vyšší"])
out = io.BytesIO()
book.save(out)
started = time.perf_counter()
result = importing.import_plan(concept, SimpleUploadedFile("plan.xlsx", out.getvalue()))
elapsed = time.perf_counter() - started
assert not result.errors, result.errors[:3]
print(f"{{'import of a 300-measure XLSX':34}} {{elapsed:8.2f}} s  (goal: under 10 s)")
"""


def run(manage, env) -> None:
    print(manage(env, "shell", "--no-imports", "-c", SCRIPT.format()), end="")
