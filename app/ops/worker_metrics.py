"""Metrics of several worker processes (`WORKERS` > 1): each writes its own to files in one
directory and a scrape sums them, whichever worker answers it (prometheus_client's multiprocess
mode, decision 0076)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"


def share_between_workers(var_dir: Path) -> None:
    """In the serving parent, before it spawns the workers (prometheus_client reads the variable
    when a worker imports it): an empty `var/prometheus` for this start."""
    directory = var_dir / "prometheus"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[_DIRECTORY] = str(directory.resolve())


def registry() -> CollectorRegistry:
    """What a scrape answers: every worker's metrics summed, or this process's own."""
    directory = os.environ.get(_DIRECTORY)
    if not directory:
        return REGISTRY
    _forget_dead_workers(directory)
    summed = CollectorRegistry()
    MultiProcessCollector(summed, directory)
    return summed


def _forget_dead_workers(directory: str) -> None:
    """uvicorn's supervisor replaces a dead worker with no hook to tell us, so a scrape drops the
    live gauges (open sockets, requests in progress) of workers that are gone; their counters stay
    in the sums. A pid owned by another user is not one of our workers."""
    for path in Path(directory).glob("gauge_live*_*.db"):
        pid = int(path.stem.rsplit("_", 1)[1])
        try:
            os.kill(pid, 0)
        except OSError:
            mark_process_dead(pid, directory)
