from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, post
from litestar.datastructures import State, UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.status_codes import HTTP_200_OK

from app.auth.guards import admin_only, self_service
from app.catalog.schemas import AdminModelOut
from app.catalog.service import own_model_id
from app.errors import invalid
from app.photos.service import store_photo
from core.db import Connection

PhotoForm = Annotated[dict[str, UploadFile], Body(media_type=RequestEncodingType.MULTI_PART)]
PHOTO_BODY_LIMIT = 8_000_000


async def _read(form: dict[str, UploadFile]) -> bytes:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("file", "send the image as the multipart field 'file'")
    return await upload.read()


@post("/api/admin/models/{model_id:int}/photo", guards=[admin_only], status_code=HTTP_200_OK,
      request_max_body_size=PHOTO_BODY_LIMIT, tags=["admin"])
async def admin_upload_photo(data: PhotoForm, conn: Connection, state: State,
                             model_id: int) -> AdminModelOut:
    return await store_photo(conn, model_id=model_id, data=await _read(data),
                             uploads_dir=state.settings.uploads_dir,
                             approval=state.settings.model_approval)


@post("/api/model/me/photo", guards=[self_service], status_code=HTTP_200_OK,
      request_max_body_size=PHOTO_BODY_LIMIT, tags=["self-service"])
async def own_upload_photo(data: PhotoForm, request: Request[Any, Any, Any], conn: Connection,
                           state: State) -> AdminModelOut:
    model_id = await own_model_id(conn, request.user)
    return await store_photo(conn, model_id=model_id, data=await _read(data),
                             uploads_dir=state.settings.uploads_dir,
                             approval=state.settings.model_approval)
