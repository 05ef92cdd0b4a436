"""`make bench-versus REV=<revision>`: this checkout against an earlier revision, page by page, in one run.

On this shared machine a page's CPU per request moves by a quarter between runs an hour apart, and
the whole machine's speed by half between days: two runs of `make bench` compare badly. Here both
versions serve side by side and each page is asked of them in alternating rounds (tests/bench/pages.py),
so they see the same load and the change between them is readable.

Each version serves its own demo, migrated and loaded by its own code (their schemas may differ), under
gunicorn with 2 sync workers and a Redis of its own; the revision is checked out in a throwaway git
worktree that uses this checkout's virtualenv. The pages are those both versions' benchmark finds
(tests/bench/in_django.py `discover`, which the revision must have): public pages uncached, members'
pages as the working group's manager, at demo size. CPU milliseconds per request: the workers' and
their PostgreSQL backends' (tests/bench/cpu.py).
"""

import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.bench import server
from tests.bench.pages import BYPASS_CACHE, ROUNDS, Page, Rounds, Site, serving
from tests.ports import free_port


@contextmanager
def checked_out(revision: str, workdir: Path):
    """The revision in a git worktree, its translations compiled, with this checkout's virtualenv."""
    tree = workdir / "revision"
    git = ["git", "-C", str(server.ROOT)]
    subprocess.run(
        [*git, "worktree", "add", "--detach", "--force", str(tree), revision], check=True, capture_output=True
    )
    try:
        (tree / ".venv").symlink_to(server.ROOT / ".venv")
        pybabel = str(Path(sys.executable).parent / "pybabel")
        for catalog in tree.glob("**/LC_MESSAGES/*.po"):
            compiling = [pybabel, "compile", "-i", str(catalog), "-o", str(catalog.with_suffix(".mo"))]
            subprocess.run(compiling, check=True, capture_output=True)
        yield tree
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], capture_output=True)


def demo_of(root: Path, database: str, workdir: Path) -> dict:
    """A fresh database with the demo, built by the code at `root`; the environment that serves it."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = server.using_database(server.production_env(free_port(), workdir), database)
    env["PYTHONPATH"] = str(root)  # that code, whatever the caller's path says
    server.recreate_database(database)
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"], ["load_demo"]):
        server.manage(env, *command, root=root)
    server.analyze(database)
    return env


def pages_of(env: dict, root: Path) -> dict[str, Page]:
    found = server.in_django(env, "discover()", root=root)
    public = {name: Page(name, "public", path, BYPASS_CACHE) for name, path in found["public"].items() if path}
    members = found["members"].items()
    return public | {name: Page(name, "members", path, found["members_cookie"]) for name, path in members if path}


def compare(then: tuple[Site, dict[str, Page]], now: tuple[Site, dict[str, Page]], revision: str) -> None:
    print(f"CPU ms per request at demo size, {revision} against this checkout, {ROUNDS} alternating rounds a page")
    print(f"{'page':28} {'then':>8} {'now':>8} {'change':>7}  {'KB then/now':>12}")
    for name in [name for name in now[1] if name in then[1]]:
        runs = [Rounds(site, pages[name]) for site, pages in (then, now)]
        for run in runs:
            run.warm_up()
        for _ in range(ROUNDS):
            for run in runs:
                run.one()
        before, after = (run.figures() for run in runs)
        change = (after.cpu_ms - before.cpu_ms) / before.cpu_ms if before.cpu_ms else 0.0
        statuses = "" if before.status == after.status == 200 else f"  status {before.status}/{after.status}"
        print(
            f"{name:28} {before.cpu_ms:8.1f} {after.cpu_ms:8.1f} {change:+7.0%}  {before.kb:5.1f}/{after.kb:<6.1f}"
            f"{statuses}",
            flush=True,
        )


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.bench.versus_revision <revision>")
    revision = sys.argv[1]
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-versus-"))
    databases = {"then": f"{server.DATABASE}_then", "now": f"{server.DATABASE}_now"}
    try:
        with checked_out(revision, workdir) as tree, ExitStack() as running:
            sides = {}
            for side, root in (("then", tree), ("now", server.ROOT)):
                env = demo_of(root, databases[side], workdir / side)
                pages = pages_of(env, root)
                sides[side] = (running.enter_context(serving(env, databases[side], root=root)), pages)
            compare(sides["then"], sides["now"], revision)
    finally:
        for database in databases.values():
            server.drop_database(database)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
