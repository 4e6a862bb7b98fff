"""The tags in use; twin of `fastapi_impl/routes/tags.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.database import get_database
from services.flask_impl.docs import documented
from services.flask_impl.schemas.tags import TagsResponse
from shared import tags

router = Blueprint("tags", __name__)
TAGS = ("Tags",)
tags_response = TagsResponse()


@router.get("/tags")
@documented("GetTags", tags=TAGS, response=TagsResponse)
def list_tags() -> ResponseReturnValue:
    return tags_response.dump({"tags": get_database().run(tags.list_tags)})
