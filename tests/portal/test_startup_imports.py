"""A worker starts without the libraries only some requests need (PDFs, spreadsheets, Word reports,
calendars): each is imported where it is used, so every worker does not carry it from the start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each costs megabytes of every worker's memory, for requests that are rare.
HEAVY_LIBRARIES = ["weasyprint", "openpyxl", "pypdf", "docx", "icalendar"]

# The entry point, then what the first request loads: every view module through the URL configuration.
PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
from django.urls import get_resolver
get_resolver().url_patterns
import portal.routing
print(json.dumps(sorted(name for name in sys.argv[2:] if name in sys.modules)))
"""


@pytest.mark.parametrize("entry_point", ["portal.wsgi", "portal.asgi"])
def test_starting_a_worker_imports_no_heavy_library(entry_point):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, entry_point, *HEAVY_LIBRARIES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
