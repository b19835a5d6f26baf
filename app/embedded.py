"""The embedded PostgreSQL (PyPI `pgserver`) used when no DATABASE_URL is given."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def embedded_database_url(var_dir: Path) -> str:
    """Starts (or reuses) a PostgreSQL 16 kept under var_dir/pg; as root it runs as user `pgserver`."""
    import pgserver

    os.environ.setdefault("XDG_RUNTIME_DIR", str(var_dir.resolve()))
    var_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(var_dir.resolve() / "pg", cleanup_mode="stop")
    url = server.get_uri("postgres")
    log.info("embedded PostgreSQL at %s", url)
    return url
