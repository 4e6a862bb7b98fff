"""Comments on an article; twin of `flask_impl/routes/comments.py`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from services.fastapi_impl.auth import CurrentUser, OptionalUser
from services.fastapi_impl.body import StrictJsonRoute, require_json
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.comments import (
    CommentPath,
    MultipleCommentsResponse,
    NewCommentRequest,
    SingleCommentResponse,
)
from shared import comments

router = APIRouter(tags=["Comments"], route_class=StrictJsonRoute)


@router.get(
    "/articles/{slug}/comments",
    operation_id="GetArticleComments",
    responses=error_responses(401, 404, 422),
)
async def list_comments(slug: str, viewer: OptionalUser) -> MultipleCommentsResponse:
    return MultipleCommentsResponse.model_validate(
        {"comments": await viewer.run(comments.list_comments, slug)}
    )


@router.post(
    "/articles/{slug}/comments",
    status_code=201,
    operation_id="CreateArticleComment",
    responses=error_responses(400, 401, 404, 415, 422),
    dependencies=[Depends(require_json)],
)
async def add_comment(slug: str, body: NewCommentRequest, user: CurrentUser) -> SingleCommentResponse:
    comment = await user.run(comments.add_comment, slug, body.comment.body)
    return SingleCommentResponse.model_validate({"comment": comment})


@router.delete(
    "/articles/{slug}/comments/{id}",
    status_code=204,
    operation_id="DeleteArticleComment",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_comment(slug: str, path: Annotated[CommentPath, Path()], user: CurrentUser) -> Response:
    await user.run(comments.delete_comment, slug, path.id)
    return Response(status_code=204)
