"""Article schemas, with the list query; twin of `flask_impl/schemas/articles.py`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from services.fastapi_impl.schemas.fields import (
    BodyText,
    Description,
    Limit,
    Offset,
    RequestModel,
    ResponseModel,
    TagList,
    Timestamp,
    Title,
    optional,
)
from services.fastapi_impl.schemas.profiles import Profile
from shared import limits


class NewArticle(RequestModel):
    title: Title
    description: Description
    body: BodyText
    tag_list: TagList = Field(default_factory=list, alias="tagList")


class NewArticleRequest(RequestModel):
    article: NewArticle


class UpdateArticle(RequestModel):
    """Every field optional; `tagList: []` clears the tags, `null` is rejected."""

    title: Title = optional()
    description: Description = optional()
    body: BodyText = optional()
    tag_list: TagList = optional(alias="tagList")


class UpdateArticleRequest(RequestModel):
    article: UpdateArticle


class PageQuery(BaseModel):
    """Query strings are text, so these fields are lax: `?limit=5` is the integer 5."""

    model_config = ConfigDict(extra="ignore")

    limit: Limit = limits.LIMIT_DEFAULT
    offset: Offset = 0


class ArticleListQuery(PageQuery):
    # A query parameter is absent or text, never null: keep `null` out of the document.
    tag: str | SkipJsonSchema[None] = None
    author: str | SkipJsonSchema[None] = None
    favorited: str | SkipJsonSchema[None] = None


class ArticleListItem(ResponseModel):
    slug: str
    title: str
    description: str
    tag_list: list[str]
    created_at: Timestamp
    updated_at: Timestamp
    favorited: bool
    favorites_count: int
    author: Profile


class Article(ArticleListItem):
    body: str


class SingleArticleResponse(ResponseModel):
    article: Article


class MultipleArticlesResponse(ResponseModel):
    articles: list[ArticleListItem]
    articles_count: int
