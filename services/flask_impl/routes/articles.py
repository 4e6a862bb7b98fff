"""Articles, the feed and favorites; twin of `fastapi_impl/routes/articles.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.auth import current_user, optional_user
from services.flask_impl.body import require_json
from services.flask_impl.docs import documented
from services.flask_impl.query import query_params
from services.flask_impl.schemas.articles import (
    ArticleListQuery,
    MultipleArticlesResponse,
    NewArticleRequest,
    PageQuery,
    SingleArticleResponse,
    UpdateArticleRequest,
)
from shared import articles

router = Blueprint("articles", __name__)
TAGS = ("Articles",)
list_query, page_query = ArticleListQuery(), PageQuery()
new_article_request, update_article_request = NewArticleRequest(), UpdateArticleRequest()
article_response, articles_response = SingleArticleResponse(), MultipleArticlesResponse()


@router.get("/articles")
@documented(
    "GetArticles", tags=TAGS, query=ArticleListQuery, response=MultipleArticlesResponse, errors=(401, 422)
)
def list_articles() -> ResponseReturnValue:
    filters = articles.ArticleFilters(**list_query.load(query_params(list_query)))
    return articles_response.dump(optional_user().run(articles.list_articles, filters))


@router.get("/articles/feed")
@documented(
    "GetArticlesFeed",
    tags=TAGS,
    query=PageQuery,
    response=MultipleArticlesResponse,
    errors=(401, 422),
    auth=True,
)
def feed() -> ResponseReturnValue:
    query = page_query.load(query_params(page_query))
    return articles_response.dump(current_user().run(articles.feed, query["limit"], query["offset"]))


@router.get("/articles/<slug>")
@documented("GetArticle", tags=TAGS, response=SingleArticleResponse, errors=(401, 404, 422))
def get_article(slug: str) -> ResponseReturnValue:
    return article_response.dump({"article": optional_user().run(articles.get_article, slug)})


@router.post("/articles")
@documented(
    "CreateArticle",
    tags=TAGS,
    status=201,
    body=NewArticleRequest,
    response=SingleArticleResponse,
    errors=(400, 401, 409, 415, 422),
    auth=True,
)
def create_article() -> ResponseReturnValue:
    new = new_article_request.load(require_json())["article"]
    article = current_user().run(
        articles.create_article,
        title=new["title"],
        description=new["description"],
        body=new["body"],
        tag_list=new["tag_list"],
    )
    return article_response.dump({"article": article}), 201


@router.put("/articles/<slug>")
@documented(
    "UpdateArticle",
    tags=TAGS,
    body=UpdateArticleRequest,
    response=SingleArticleResponse,
    errors=(400, 401, 403, 404, 415, 422),
    auth=True,
)
def update_article(slug: str) -> ResponseReturnValue:
    changes = update_article_request.load(require_json())["article"]
    article = current_user().run(articles.update_article, slug, changes)
    return article_response.dump({"article": article})


@router.delete("/articles/<slug>")
@documented("DeleteArticle", tags=TAGS, status=204, errors=(401, 403, 404, 422), auth=True)
def delete_article(slug: str) -> ResponseReturnValue:
    current_user().run(articles.delete_article, slug)
    return "", 204
