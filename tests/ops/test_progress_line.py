"""On a terminal a progress record leaves its line open; the next record of the same logger
rewrites it in place and a record of another logger starts a new line."""

from __future__ import annotations

import io
import logging

from app.ops.logs import TerminalHandler


def record(logger: str, message: str, *, progress: bool = False) -> logging.LogRecord:
    made = logging.LogRecord(logger, logging.INFO, __file__, 1, message, None, None)
    if progress:
        made.progress = True
    return made


def test_progress_rewrites_its_line_and_others_end_it() -> None:
    stream = io.StringIO()
    handler = TerminalHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for made in (record("model", "preparing 1/2", progress=True),
                 record("model", "preparing 2/2", progress=True), record("model", "ready"),
                 record("model", "step", progress=True), record("web", "request"), record("web", "next")):
        handler.handle(made)
    assert stream.getvalue() == ("preparing 1/2\r\x1b[Kpreparing 2/2\r\x1b[Kready\n"
                                 "step\nrequest\nnext\n")
