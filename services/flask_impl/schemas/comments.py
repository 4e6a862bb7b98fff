"""Comment schemas; twin of `fastapi_impl/schemas/comments.py`."""

from __future__ import annotations

from marshmallow import Schema, fields

from services.flask_impl.schemas.fields import CommentText, Id, RequestModel, ResponseModel, Timestamp, nested
from services.flask_impl.schemas.profiles import Profile


class NewComment(RequestModel):
    body = CommentText()


class NewCommentRequest(RequestModel):
    comment = nested(NewComment)


class CommentPath(Schema):
    """The comment id in the path: an integer that fits the database's id column."""

    id = Id(required=True)


class Comment(ResponseModel):
    id = fields.Integer()
    created_at = Timestamp(data_key="createdAt")
    updated_at = Timestamp(data_key="updatedAt")
    body = fields.String()
    author = fields.Nested(Profile)


class SingleCommentResponse(ResponseModel):
    comment = fields.Nested(Comment)


class MultipleCommentsResponse(ResponseModel):
    comments = fields.List(fields.Nested(Comment))
