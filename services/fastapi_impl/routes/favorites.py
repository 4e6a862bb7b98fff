"""Favorites; twin of `flask_impl/routes/favorites.py`."""

from __future__ import annotations

from fastapi import APIRouter

from services.fastapi_impl.auth import CurrentUser
from services.fastapi_impl.docs import error_responses
from services.fastapi_impl.schemas.articles import SingleArticleResponse
from shared import articles

router = APIRouter(tags=["Favorites"])


@router.post(
    "/articles/{slug}/favorite",
    operation_id="CreateArticleFavorite",
    responses=error_responses(401, 404, 422),
)
async def favorite(slug: str, user: CurrentUser) -> SingleArticleResponse:
    return SingleArticleResponse.model_validate({"article": await user.run(articles.favorite, slug)})


@router.delete(
    "/articles/{slug}/favorite",
    operation_id="DeleteArticleFavorite",
    responses=error_responses(401, 404, 422),
)
async def unfavorite(slug: str, user: CurrentUser) -> SingleArticleResponse:
    return SingleArticleResponse.model_validate({"article": await user.run(articles.unfavorite, slug)})
