"""Profile photos: only real JPEG/PNG/WebP images, decoded and re-encoded, never stored as sent."""

from __future__ import annotations

import asyncio
import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from app.catalog import queries
from app.catalog.schemas import AdminModelOut
from app.catalog.service import PHOTO_SIZES, admin_get
from app.errors import Problem, not_found
from core.db import Connection

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000
MIN_SIDE = 64


def _decode(data: bytes) -> Image.Image:
    if not data:
        raise Problem(422, "file: the upload is empty", errors=[{"field": "file", "message": "empty"}])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise Problem(415, f"only JPEG, PNG or WebP images are accepted, not {image.format}")
            if image.width * image.height > MAX_PIXELS:
                raise Problem(422, "file: the image has too many pixels (40 megapixels at most)")
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        raise Problem(415, "the file is not a readable JPEG, PNG or WebP image") from exc
    if min(image.size) < MIN_SIDE:
        raise Problem(422, f"file: the image must be at least {MIN_SIDE}×{MIN_SIDE} pixels")
    return ImageOps.exif_transpose(image).convert("RGB")


def write_sizes(image: Image.Image, directory: Path, key: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, side in PHOTO_SIZES.items():
        copy = image.copy()
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
        target = directory / f"{key}_{name}.jpg"
        tmp = target.with_suffix(".tmp")
        copy.save(tmp, "JPEG", quality=85, optimize=True, progressive=True)
        tmp.replace(target)


async def store_photo(conn: Connection, *, model_id: int, data: bytes,
                      uploads_dir: Path, approval: bool) -> AdminModelOut:
    image = await asyncio.to_thread(_decode, data)
    key = hashlib.sha256(data).hexdigest()[:32]
    if not await queries.set_photo(conn, model_id, key):
        raise not_found("model")
    await asyncio.to_thread(write_sizes, image, uploads_dir / "models", key)
    return await admin_get(conn, model_id, approval=approval)
