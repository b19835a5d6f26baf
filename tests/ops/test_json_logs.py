"""Log lines are JSON with the request id, and secrets are redacted."""

from __future__ import annotations

import logging

import msgspec

from app.ops.logs import JsonFormatter
from app.ops.middleware import request_id


def test_json_line_with_request_id_and_no_secrets() -> None:
    token = request_id.set("req-42")
    try:
        message = "header Authorization: Bearer eyJabc.def.ghi and secret=hunter2"
        record = logging.LogRecord("pnp", logging.WARNING, __file__, 1, message, None, None)
        line = msgspec.json.decode(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "req-42" and line["level"] == "warning"
    assert "eyJabc" not in line["msg"] and "hunter2" not in line["msg"]
