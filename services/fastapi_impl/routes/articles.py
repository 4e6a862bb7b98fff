"""Articles, the feed and favorites; twin of `flask_impl/routes/articles.py`."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Depends, Query, Response

from services.fastapi_impl.auth import CurrentUser, OptionalUser
from services.fastapi_impl.body import StrictJsonRoute, require_json
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.query import query_params
from services.fastapi_impl.schemas.articles import (
    ArticleListQuery,
    MultipleArticlesResponse,
    NewArticleRequest,
    PageQuery,
    SingleArticleResponse,
    UpdateArticleRequest,
)
from shared import articles

router = APIRouter(tags=["Articles"], route_class=StrictJsonRoute)


@router.get(
    "/articles",
    operation_id="GetArticles",
    responses=error_responses(401, 422),
    dependencies=[Depends(query_params(ArticleListQuery))],
)
async def list_articles(
    query: Annotated[ArticleListQuery, Query()], viewer: OptionalUser
) -> MultipleArticlesResponse:
    filters = articles.ArticleFilters(**query.model_dump())
    return MultipleArticlesResponse.model_validate(await viewer.run(articles.list_articles, filters))


@router.get(
    "/articles/feed",
    operation_id="GetArticlesFeed",
    responses=error_responses(401, 422),
    dependencies=[Depends(query_params(PageQuery))],
)
async def feed(query: Annotated[PageQuery, Query()], user: CurrentUser) -> MultipleArticlesResponse:
    return MultipleArticlesResponse.model_validate(await user.run(articles.feed, query.limit, query.offset))


@router.get(
    "/articles/{slug}",
    operation_id="GetArticle",
    responses=error_responses(401, 404, 422),
)
async def get_article(slug: str, viewer: OptionalUser) -> SingleArticleResponse:
    return SingleArticleResponse.model_validate({"article": await viewer.run(articles.get_article, slug)})


@router.post(
    "/articles",
    status_code=201,
    operation_id="CreateArticle",
    responses=error_responses(400, 401, 409, 415, 422),
    dependencies=[Depends(require_json)],
)
async def create_article(body: NewArticleRequest, user: CurrentUser) -> SingleArticleResponse:
    new = body.article
    article = await user.run(
        articles.create_article,
        title=new.title,
        description=new.description,
        body=new.body,
        tag_list=new.tag_list,
    )
    return SingleArticleResponse.model_validate({"article": article})


@router.put(
    "/articles/{slug}",
    operation_id="UpdateArticle",
    responses=error_responses(400, 401, 403, 404, 415, 422),
    dependencies=[Depends(require_json)],
)
async def update_article(slug: str, body: UpdateArticleRequest, user: CurrentUser) -> SingleArticleResponse:
    changes = cast(articles.ArticleChanges, body.article.model_dump(exclude_unset=True))
    article = await user.run(articles.update_article, slug, changes)
    return SingleArticleResponse.model_validate({"article": article})


@router.delete(
    "/articles/{slug}",
    status_code=204,
    operation_id="DeleteArticle",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_article(slug: str, user: CurrentUser) -> Response:
    await user.run(articles.delete_article, slug)
    return Response(status_code=204)
