"""Comments on an article; twin of `fastapi_impl/routes/comments.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.auth import current_user, optional_user
from services.flask_impl.body import require_json
from services.flask_impl.docs import documented
from services.flask_impl.schemas.comments import (
    CommentPath,
    MultipleCommentsResponse,
    NewCommentRequest,
    SingleCommentResponse,
)
from shared import comments

router = Blueprint("comments", __name__)
TAGS = ("Comments",)
comment_path, new_comment_request = CommentPath(), NewCommentRequest()
comment_response, comments_response = SingleCommentResponse(), MultipleCommentsResponse()


@router.get("/articles/<slug>/comments")
@documented("GetArticleComments", tags=TAGS, response=MultipleCommentsResponse, errors=(401, 404, 422))
def list_comments(slug: str) -> ResponseReturnValue:
    return comments_response.dump({"comments": optional_user().run(comments.list_comments, slug)})


@router.post("/articles/<slug>/comments")
@documented(
    "CreateArticleComment",
    tags=TAGS,
    status=201,
    body=NewCommentRequest,
    response=SingleCommentResponse,
    errors=(400, 401, 404, 415, 422),
    auth=True,
)
def add_comment(slug: str) -> ResponseReturnValue:
    body = new_comment_request.load(require_json())
    comment = current_user().run(comments.add_comment, slug, body["comment"]["body"])
    return comment_response.dump({"comment": comment}), 201


@router.delete("/articles/<slug>/comments/<id>")
@documented(
    "DeleteArticleComment", tags=TAGS, status=204, path=CommentPath, errors=(401, 403, 404, 422), auth=True
)
def delete_comment(slug: str, id: str) -> ResponseReturnValue:
    path = comment_path.load({"id": id})
    current_user().run(comments.delete_comment, slug, path["id"])
    return "", 204
