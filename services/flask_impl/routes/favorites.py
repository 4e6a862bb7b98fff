"""Favorites; twin of `fastapi_impl/routes/favorites.py`."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from services.flask_impl.auth import current_user
from services.flask_impl.docs import documented
from services.flask_impl.schemas.articles import SingleArticleResponse
from shared import articles

router = Blueprint("favorites", __name__)
TAGS = ("Favorites",)
article_response = SingleArticleResponse()


@router.post("/articles/<slug>/favorite")
@documented(
    "CreateArticleFavorite", tags=TAGS, response=SingleArticleResponse, errors=(401, 404, 422), auth=True
)
def favorite(slug: str) -> ResponseReturnValue:
    return article_response.dump({"article": current_user().run(articles.favorite, slug)})


@router.delete("/articles/<slug>/favorite")
@documented(
    "DeleteArticleFavorite", tags=TAGS, response=SingleArticleResponse, errors=(401, 404, 422), auth=True
)
def unfavorite(slug: str) -> ResponseReturnValue:
    return article_response.dump({"article": current_user().run(articles.unfavorite, slug)})
