"""Years of data in the benchmark's database: good-practice records, the working group's held meetings
with approved agendas, minutes and tasks, and a city-scale action plan with approved updates. Then
ANALYZE, which autovacuum would do in production (it is off on this machine's PostgreSQL)."""

import time

from tests.bench import server

RECORDS = 5000
MEETINGS = 124  # a fortnight apart: almost five years
TASKS_PER_MEETING = 4
MEASURES = 300


def generate(env: dict, database: str) -> str:
    """Adds the data to `database`, which `env` serves; returns what was added, for the table's heading."""
    started = time.perf_counter()
    server.manage(env, "generate_kb_records", str(RECORDS))
    history = server.in_django(env, f"add_meetings({MEETINGS}, {TASKS_PER_MEETING})")
    plan = server.in_django(env, f"add_plan({MEASURES})")
    server.analyze(database)
    server.in_django(env, "clear_cache()")
    return (
        f"{RECORDS} good-practice records, {history['meetings']} held meetings with approved agendas and minutes "
        f"and {history['tasks']} tasks, {plan['measures']} action-plan measures with 8 approved updates each "
        f"(generated in {time.perf_counter() - started:.0f} s)"
    )
