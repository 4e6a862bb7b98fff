"""Article schemas, with the list query; twin of `fastapi_impl/schemas/articles.py`."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from services.flask_impl.schemas.fields import (
    BodyText,
    Description,
    Limit,
    Offset,
    RequestModel,
    ResponseModel,
    TagList,
    Timestamp,
    Title,
    nested,
    optional,
)
from services.flask_impl.schemas.profiles import Profile
from shared import limits


class NewArticle(RequestModel):
    title = Title()
    description = Description()
    body = BodyText()
    tag_list = TagList(load_default=list)


class NewArticleRequest(RequestModel):
    article = nested(NewArticle)


class UpdateArticle(RequestModel):
    """Every field optional; `tagList: []` clears the tags, `null` is rejected."""

    title = optional(Title())
    description = optional(Description())
    body = optional(BodyText())
    tag_list = TagList()


class UpdateArticleRequest(RequestModel):
    article = nested(UpdateArticle)


class PageQuery(Schema):
    """Query strings are text, so these fields are lax: `?limit=5` is the integer 5."""

    class Meta:
        unknown = EXCLUDE

    limit = Limit(load_default=limits.LIMIT_DEFAULT)
    offset = Offset(load_default=0)


class ArticleListQuery(PageQuery):
    tag = fields.String()
    author = fields.String()
    favorited = fields.String()


class ArticleListItem(ResponseModel):
    slug = fields.String()
    title = fields.String()
    description = fields.String()
    tag_list = fields.List(fields.String(), data_key="tagList")
    created_at = Timestamp(data_key="createdAt")
    updated_at = Timestamp(data_key="updatedAt")
    favorited = fields.Boolean()
    favorites_count = fields.Integer(data_key="favoritesCount")
    author = fields.Nested(Profile)


class Article(ArticleListItem):
    body = fields.String()


class SingleArticleResponse(ResponseModel):
    article = fields.Nested(Article)


class MultipleArticlesResponse(ResponseModel):
    articles = fields.List(fields.Nested(ArticleListItem))
    articles_count = fields.Integer(data_key="articlesCount")
