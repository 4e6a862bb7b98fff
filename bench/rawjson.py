"""The API's JSON for one article, written by hand: the raw baselines' stand-in for a schema library."""

from __future__ import annotations

import json
from typing import Any

from shared import clock
from shared.views import ArticleView

JSON_TYPE = b"application/json"


def dumps(document: Any) -> bytes:
    """Compact UTF-8 JSON, the bytes Starlette's JSONResponse sends."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def article(view: ArticleView) -> dict[str, Any]:
    """`{"article": {...}}` with the contract's keys, in the schemas' order."""
    author = view.author
    return {
        "article": {
            "slug": view.slug,
            "title": view.title,
            "description": view.description,
            "tagList": view.tag_list,
            "createdAt": clock.iso(view.created_at),
            "updatedAt": clock.iso(view.updated_at),
            "favorited": view.favorited,
            "favoritesCount": view.favorites_count,
            "author": {
                "username": author.username,
                "bio": author.bio,
                "image": author.image,
                "following": author.following,
            },
            "body": view.body,
        }
    }
