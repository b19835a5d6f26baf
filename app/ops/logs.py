"""JSON log lines carrying the request id; secrets never reach them."""

from __future__ import annotations

import logging
import logging.config
import re
from datetime import UTC, datetime
from typing import Any

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


# Applied by the serving process and, through uvicorn's `log_config`, by each worker it spawns.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.ops.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {name: {"handlers": [], "propagate": True}
                for name in ("uvicorn", "uvicorn.error", "uvicorn.access")},
}


def configure_logging() -> None:
    logging.config.dictConfig(LOG_CONFIG)
