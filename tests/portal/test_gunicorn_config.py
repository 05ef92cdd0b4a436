"""gunicorn's settings (gunicorn.conf.py): the application and its URLs loaded in the master, which then
lets go of its database connection and freezes what it imported, before the workers are forked."""

import gc
import runpy
from pathlib import Path
from unittest import mock

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_the_master_loads_the_application_and_its_urls_then_shares_no_connection():
    config = runpy.run_path(str(CONFIG))
    assert config["preload_app"] is True
    server = mock.Mock()
    try:
        connection = mock.Mock()
        with mock.patch("django.db.connections.all", return_value=[connection]):
            config["when_ready"](server)
        connection.close.assert_called_once()
        connection.close_pool.assert_called_once()
        assert server.log.info.call_args.args[1] > 0  # the URL patterns loaded
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
