"""Log lines carrying the request id; secrets never reach them. On a terminal one human line per
event, otherwise (or with PNP_LOG_FORMAT=json) one JSON object per line (decision 0090)."""

from __future__ import annotations

import logging
import logging.config
import re
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

import msgspec

from app.ops.middleware import request_id
from core.config import LogFormat

_SECRET = re.compile(r"(?i)(bearer\s+|token[\"'=:\s]+|secret[\"'=:\s]+|password[\"'=:\s]+)[^\s\"',&]+")
# These log at INFO; every other logger (pgserver, onnxruntime through the root logger, asyncio,
# transformers...) only from WARNING up.
OWN_LOGGERS = ("app", "moderation", "realtime", "media", "uvicorn")


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


class TextFormatter(logging.Formatter):
    """`03:30:41 Application startup complete.`; warnings and errors name their level and logger."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [datetime.fromtimestamp(record.created).strftime("%H:%M:%S")]
        if record.levelno >= logging.WARNING:
            parts.append(f"{record.levelname} {record.name}:")
        parts.append(redact(record.getMessage()))
        if (rid := request_id.get()) != "-":
            parts.append(f"(request {rid})")
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


class TerminalHandler(logging.StreamHandler[TextIO]):
    """A record logged with `extra={"progress": True}` leaves its line open: the next record of
    the same logger rewrites it in place (the moderation model's one "preparing" line), and any
    other record first ends it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._open: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            progress = bool(getattr(record, "progress", False))
            if self._open is not None:
                self.stream.write("\r\x1b[K" if self._open == record.name else "\n")
            self.stream.write(text if progress else text + "\n")
            self._open = record.name if progress else None
            self.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)


def resolve_format(log_format: LogFormat, stream: TextIO | None = None) -> Literal["json", "text"]:
    if log_format != "auto":
        return log_format
    stream = sys.stderr if stream is None else stream
    return "text" if stream.isatty() else "json"


def log_config(log_format: LogFormat) -> dict[str, Any]:
    """Applied by the serving process and, through uvicorn's `log_config`, by each worker it
    spawns; "auto" is settled here, by the serving process's stderr."""
    text = resolve_format(log_format) == "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"()": f"app.ops.logs.{'TextFormatter' if text else 'JsonFormatter'}"}},
        "handlers": {"stderr": {"class": "app.ops.logs.TerminalHandler" if text else "logging.StreamHandler",
                                "formatter": "line"}},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {name: {"level": "INFO"} for name in OWN_LOGGERS}
        | {name: {"handlers": [], "propagate": True} for name in ("uvicorn.error", "uvicorn.access")}
        | {"uvicorn": {"handlers": [], "propagate": True, "level": "INFO"}},
    }


def configure_logging(log_format: LogFormat = "auto") -> None:
    logging.config.dictConfig(log_config(log_format))
