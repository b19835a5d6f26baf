"""JSON log lines carrying the request id; secrets never reach them."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import msgspec

from app.ops.middleware import request_id

_SECRET = re.compile(r"(?i)(bearer\s+|token[\"'=:\s]+|secret[\"'=:\s]+|password[\"'=:\s]+)[^\s\"',&]+")


def redact(text: str) -> str:
    return _SECRET.sub(r"\1[redacted]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
            "request_id": request_id.get(),
        }
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return msgspec.json.encode(entry).decode()


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
