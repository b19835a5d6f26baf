"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

import logging
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from core.db import DatabaseUnavailable
from core.metrics import UNAUTHORISED

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large",
    415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests",
    500: "Internal Server Error", 503: "Service Unavailable",
}


class Problem(HTTPException):
    """An error a user can act on: `detail` says what went wrong in words they understand."""

    def __init__(self, status: int, detail: str, *, type_: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail=detail, status_code=status, headers=headers, extra=extra or None)
        self.type_ = type_


def not_found(what: str) -> Problem:
    return Problem(HTTP_404_NOT_FOUND, f"{what} not found")


def conflict(detail: str, **extra: Any) -> Problem:
    return Problem(HTTP_409_CONFLICT, detail, **extra)


def invalid(field: str, message: str) -> Problem:
    return Problem(HTTP_422_UNPROCESSABLE_ENTITY, f"{field}: {message}",
                   errors=[{"field": field, "message": message}])


def problem_response(request: Request[Any, Any, Any], status: int, detail: str, *,
                     type_: str | None = None, headers: dict[str, str] | None = None,
                     **extra: Any) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": type_ or "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update(extra)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: ValidationException) -> list[dict[str, Any]]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        field = item.get("key") or "body"
        errors.append({"field": field, "message": item.get("message", "invalid value"),
                       "source": item.get("source", "body")})
    return errors


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code in (401, 403):
        UNAUTHORISED.labels(str(exc.status_code)).inc()
        log.warning("unauthorised access attempt: %s %s -> %s", request.method, request.url.path,
                    exc.status_code)
    if isinstance(exc, Problem):
        extra = exc.extra if isinstance(exc.extra, dict) else {}
        return problem_response(request, exc.status_code, exc.detail, type_=exc.type_,
                                headers=exc.headers, **extra)
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or exc.detail
        return problem_response(request, HTTP_422_UNPROCESSABLE_ENTITY, detail, errors=errors)
    detail = exc.detail
    if exc.status_code == 413:
        detail = "request body is too large"
    return problem_response(request, exc.status_code, detail, headers=exc.headers)


_CONSTRAINT_STATUS = {
    asyncpg.UniqueViolationError: (HTTP_409_CONFLICT, "already exists"),
    asyncpg.ExclusionViolationError: (HTTP_409_CONFLICT, "overlaps an existing entry"),
    asyncpg.ForeignKeyViolationError: (HTTP_409_CONFLICT, "refers to something that does not exist"),
    asyncpg.CheckViolationError: (HTTP_422_UNPROCESSABLE_ENTITY, "breaks a rule"),
    asyncpg.NotNullViolationError: (HTTP_422_UNPROCESSABLE_ENTITY, "misses a required value"),
    asyncpg.RestrictViolationError: (HTTP_409_CONFLICT, "cannot be changed"),
}


def handle_integrity_error(request: Request[Any, Any, Any],
                           exc: asyncpg.IntegrityConstraintViolationError) -> Response[Any]:
    """A constraint the database enforced that no service check caught first."""
    status, phrase = _CONSTRAINT_STATUS.get(type(exc), (HTTP_409_CONFLICT, "conflicts"))
    constraint = getattr(exc, "constraint_name", None) or "constraint"
    return problem_response(request, status, f"the request {phrase} ({constraint})",
                            constraint=constraint)


def handle_data_error(request: Request[Any, Any, Any], exc: asyncpg.DataError) -> Response[Any]:
    return problem_response(request, HTTP_422_UNPROCESSABLE_ENTITY, f"invalid value: {exc}")


def handle_overflow(request: Request[Any, Any, Any], exc: OverflowError) -> Response[Any]:
    """Date arithmetic on a well-formed but extreme value (year 1 or 9999 plus a few days)."""
    return problem_response(request, HTTP_422_UNPROCESSABLE_ENTITY,
                            "a date or number is beyond the range this service handles")


def handle_database_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """PostgreSQL is down or restarting: say so, and when to retry; the pool reconnects by itself."""
    log.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
    return problem_response(request, HTTP_503_SERVICE_UNAVAILABLE,
                            "the database is unavailable; try again in a few seconds",
                            headers={"Retry-After": "5"})


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, HTTP_500_INTERNAL_SERVER_ERROR,
                            "something went wrong on our side; it was logged")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    HTTPException: handle_http_exception,
    asyncpg.IntegrityConstraintViolationError: handle_integrity_error,
    asyncpg.DataError: handle_data_error,
    asyncpg.PostgresConnectionError: handle_database_unavailable,
    asyncpg.exceptions.OperatorInterventionError: handle_database_unavailable,
    asyncpg.TooManyConnectionsError: handle_database_unavailable,
    asyncpg.InterfaceError: handle_database_unavailable,
    DatabaseUnavailable: handle_database_unavailable,
    OverflowError: handle_overflow,
    Exception: handle_unexpected,
}

__all__ = ["EXCEPTION_HANDLERS", "Problem", "conflict", "invalid", "not_found"]
