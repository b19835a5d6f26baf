"""PNP_LOG_FORMAT picks the log lines: auto gives human lines on a terminal and JSON into a pipe
or file; json and text force one. Library chatter below WARNING is dropped either way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import logging
from core.config import load_settings
from app.ops.logs import configure_logging
configure_logging(load_settings().log_format)
logging.getLogger("app.demo").info("server started")
logging.getLogger("pgserver").info("Running commandline")
logging.info('Quantization parameters for tensor:"x" not specified')
logging.getLogger("pgserver").warning("disk nearly full")
"""


def run_logging(tmp_path: Path, log_format: str, *, terminal: bool) -> str:
    env = {**os.environ, "PNP_LOG_FORMAT": log_format, "PNP_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    if not terminal:
        return subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=ROOT,  # noqa: S603
                              capture_output=True, check=True, text=True).stderr
    leader, follower = os.openpty()
    with subprocess.Popen([sys.executable, "-c", SCRIPT],  # noqa: S603 - our own set-up
                          env=env, cwd=ROOT, stderr=follower) as process:
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            out += chunk
    os.close(leader)
    assert process.returncode == 0, out
    return out.decode().replace("\r\n", "\n")


@pytest.mark.parametrize(("log_format", "terminal", "expected"), [
    ("auto", True, "text"), ("auto", False, "json"), ("json", True, "json"), ("text", False, "text")])
def test_format_follows_setting_and_terminal(tmp_path: Path, log_format: str, terminal: bool,
                                             expected: str) -> None:
    lines = run_logging(tmp_path, log_format, terminal=terminal).splitlines()
    if expected == "json":
        entries = [msgspec.json.decode(line) for line in lines]
        assert [(e["logger"], e["level"], e["msg"]) for e in entries] == [
            ("app.demo", "info", "server started"), ("pgserver", "warning", "disk nearly full")]
    else:
        assert len(lines) == 2, lines
        assert re.fullmatch(r"\d\d:\d\d:\d\d server started", lines[0])
        assert re.fullmatch(r"\d\d:\d\d:\d\d WARNING pgserver: disk nearly full", lines[1])


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    from core.config import SettingsError, load_settings

    with pytest.raises(SettingsError, match="PNP_LOG_FORMAT"):
        load_settings({"PNP_VAR_DIR": str(tmp_path), "PNP_LOG_FORMAT": "yaml"})
