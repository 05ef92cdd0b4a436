"""gunicorn's settings for the portal, read from the folder it is started in (the repository).

The application, the URLs and everything they import (Wagtail's admin, allauth, psycopg, Redis...) are
loaded once in the master before it forks its workers: the workers share those pages of memory instead
of each importing them again. Objects created by the imports are frozen out of the garbage collector,
whose passes would otherwise write to them and copy the shared pages into every worker.
"""

import gc

preload_app = True


def when_ready(server) -> None:
    """In the master, after the application is loaded and before the first fork."""
    from django.db import connections
    from django.urls import get_resolver

    # Django loads the URLs at the first request: here, once for all workers.
    server.log.info("Loaded %d URL patterns before forking", len(get_resolver().url_patterns))
    # A worker must never share the master's database connection, nor psycopg's pool (its threads do
    # not survive the fork); nothing at start-up queries the database today, this keeps it so.
    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    gc.freeze()
