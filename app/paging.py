"""One page of a paginated answer, for every list the API pages with `limit` and `offset`.

Each domain names its page once, `XPage = Annotated[Page[X], component("XPage")]`: the alias builds
pages (`XPage(items=..., ...)`) and, as a handler's return type, gives the OpenAPI component that
name (Litestar would otherwise call it `Page_app.domain.schemas.X_`)."""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec
from litestar.params import KwargDefinition

ItemT = TypeVar("ItemT")


class Page(msgspec.Struct, Generic[ItemT]):
    items: list[ItemT]
    total: int
    limit: int
    offset: int


def component(name: str) -> KwargDefinition:
    """The OpenAPI component name of one `Page[X]`."""
    return KwargDefinition(schema_component_key=name)
