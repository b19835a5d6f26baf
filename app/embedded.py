"""The embedded PostgreSQL (PyPI `pgserver`) used when no DATABASE_URL is given."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


def embedded_database_url(var_dir: Path) -> str:
    """Starts (or reuses) a PostgreSQL 16 kept under var_dir/pg; as root it runs as user `pgserver`."""
    # pgserver keeps its lock file in the runtime directory, which platformdirs (on import) wants
    # private to the user.
    runtime = var_dir.resolve() / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver

    server = pgserver.get_server(var_dir.resolve() / "pg", cleanup_mode="stop")
    url = server.get_uri("postgres")
    log.info("embedded PostgreSQL at %s", url)
    return url
