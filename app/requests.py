"""The request class every handler sees: a JSON body the decoder cannot hold is the sender's
mistake (a 400 problem), not ours."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.status_codes import HTTP_400_BAD_REQUEST

from app.errors import Problem


class ApiRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        try:
            return await super().json()
        except RecursionError:
            # msgspec recurses once per level of nesting; Python's limit ends it, and no
            # state was touched yet, so the request is simply refused.
            raise Problem(HTTP_400_BAD_REQUEST, "the JSON body is nested too deeply") from None
        except UnicodeDecodeError:
            raise Problem(HTTP_400_BAD_REQUEST, "the JSON body is not valid UTF-8") from None
