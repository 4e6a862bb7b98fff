"""The tags in use; twin of `flask_impl/routes/tags.py`."""

from __future__ import annotations

from fastapi import APIRouter

from services.fastapi_impl.database import Db
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.tags import TagsResponse
from shared import tags

router = APIRouter(tags=["Tags"])


@router.get(
    "/tags",
    operation_id="GetTags",
    responses=error_responses(),
)
async def list_tags(db: Db) -> TagsResponse:
    return TagsResponse(tags=await db.run(tags.list_tags))
