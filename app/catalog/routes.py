from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get
from litestar.params import Parameter

from app.auth.guards import current_user, public
from app.catalog import service
from app.catalog.schemas import Language, ModelFilters, ModelOut, ModelPage, SortKey
from core.db import Connection

Cents = Annotated[int | None, Parameter(ge=0, le=100_000_000)]


@get("/api/models", guards=[public], tags=["catalog"])
async def list_models(
    request: Request[Any, Any, Any],
    conn: Connection,
    q: Annotated[str | None, Parameter(max_length=100)] = None,
    online: bool | None = None,
    min_price: Cents = None,
    max_price: Cents = None,
    language: Language | None = None,
    tag: Annotated[str | None, Parameter(max_length=32)] = None,
    sort: SortKey = "newest",
    limit: Annotated[int, Parameter(ge=1, le=100)] = 24,
    offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
) -> ModelPage:
    filters = ModelFilters(q=q, online=online, min_price=min_price, max_price=max_price,
                           language=language, tag=tag, sort=sort, limit=limit, offset=offset)
    return await service.browse(conn, viewer=current_user(request), filters=filters,
                                approval=request.app.state.settings.model_approval,
                                cache=request.app.state.cache)


@get("/api/models/{model_id:int}", guards=[public], tags=["catalog"])
async def get_model(request: Request[Any, Any, Any], conn: Connection, model_id: int) -> ModelOut:
    return await service.profile(conn, viewer=current_user(request), model_id=model_id,
                                 approval=request.app.state.settings.model_approval)


router = Router(path="/", route_handlers=[list_models, get_model])
